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
 * <p>
 * A turn belongs to the chat whose message started it: its words, prompts and typing go there, and
 * messages that wait while Claude works are held per chat, each chat's batch its own turn (SPEC §10).
 * The live processes are bounded without a lock across a start: a place is reserved for a moment,
 * an idle session gives its place up on its own lane, and a message that finds every place busy is
 * parked and tried again whenever a turn or a process ends.
 */
package ccgateway.conversation;
