/**
 * Idle timers: one {@code ScheduledFuture} per live session on the container's managed scheduled
 * executor, cancelled and re-armed, never more than one per session.
 * <p>
 * A timer only decides <em>when</em> to look; whether to suspend is decided on the session's own
 * lane in the conversation, where a message that arrived meanwhile, or a turn still running, simply
 * re-arms it. So a timer and a message can meet at any moment without a lost message or a second
 * process.
 */
package ccgateway.idling;
