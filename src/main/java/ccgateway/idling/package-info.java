/**
 * Idle timers: one per live session, on the gateway's scheduler ({@code Workers.later}: container
 * threads, without the per-task context capture of the container's scheduled executor).
 * <p>
 * A timer only decides <em>when</em> to look; whether to suspend is decided on the session's own
 * lane in the supervisor, where a message that arrived meanwhile, or a turn still running, simply
 * re-arms it. So a timer and a message can meet at any moment without a lost message or a second
 * process.
 */
package ccgateway.idling;
