package ccgateway.conversation.control;

import ccgateway.supervision.control.ClaudeProcess;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A live session: its process and the turn state around it. Touched only on the session's lane,
 * except {@code answered}, which the stdout reader sets.
 */
public final class Conversation {

    final ClaudeProcess process;
    final boolean resumed;
    final Deque<String> held = new ArrayDeque<>();
    final AtomicBoolean answered = new AtomicBoolean();
    long chatId;
    boolean busy;
    Instant lastActivity;

    Conversation(ClaudeProcess process, boolean resumed, long chatId, Instant now) {
        this.process = process;
        this.resumed = resumed;
        this.chatId = chatId;
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
}
