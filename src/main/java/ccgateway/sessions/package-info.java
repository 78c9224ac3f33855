/**
 * Named sessions: what each one is (directory, persona, model, history id, timeout) and where it is kept.
 * <p>
 * The registry is a {@code @Singleton} with container-managed locks that guard only memory; files
 * are written after the lock is released, each write atomic, and a stale write never overtakes a
 * newer one. A {@code session.json} that cannot be read is reported and left in place, and its
 * name stays taken, so that a person can repair it without the gateway overwriting it. Each
 * person's active session per chat is the gateway's own state, not a session's: it lives in the
 * database ({@code ActiveSessions}).
 */
package ccgateway.sessions;
