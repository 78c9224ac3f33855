/**
 * The conversation with Claude: each session's turns — a message written to its process, the
 * messages that wait while Claude works, the turn's end, a crash, a resume, the idle timeout — and
 * the control protocol on the same pipes: the CLI's requests that wait for the person's answer, and
 * the gateway's own (interrupt, model, permission mode, context use).
 * <p>
 * Every step of a session runs on the session's own lane, one at a time, instead of under a lock:
 * a step may start or stop a process (seconds), which must never hold up another session or be
 * raced by a timer. What Claude says leaves as {@code SessionOutput} CDI events, so the turns know
 * nothing of Telegram.
 */
package ccgateway.conversation;
