package ccgateway.conversation.control;

import ccgateway.supervision.control.ClaudeProcess;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A live session: its process and the turn state around it. Touched only on the session's lane,
 * except {@code answered}, which the stdout reader sets, and the channel, which matches answers.
 */
public final class Conversation {

    final ClaudeProcess process;
    final ControlChannel channel;
    final boolean resumed;
    final Instant started;
    final Deque<String> held = new ArrayDeque<>();
    /** The CLI's requests waiting for the person, by request id: the session is busy meanwhile. */
    final Map<String, Pending> pending = new LinkedHashMap<>();
    final AtomicBoolean answered = new AtomicBoolean();
    long chatId;
    boolean busy;
    /** The person stopped the running turn: its aborted result is no error to report. */
    boolean interrupted;
    Instant lastActivity;

    Conversation(ClaudeProcess process, ControlChannel channel, boolean resumed, long chatId, Instant now) {
        this.process = process;
        this.channel = channel;
        this.resumed = resumed;
        this.chatId = chatId;
        this.started = now;
        this.lastActivity = now;
    }

    /** Messages that came while Claude worked go in one follow-up turn, in the order they came. */
    String takeHeld() {
        String joined = String.join("\n\n", held);
        held.clear();
        return joined;
    }

    /** A resumed process that fails before its first answer means the history could not be resumed. */
    boolean failedToResume() {
        return resumed && !answered.get();
    }

    boolean waitsForThePerson() {
        return !pending.isEmpty();
    }
}
