package ccgateway.conversation.control;

import ccgateway.supervision.control.ClaudeProcess;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A live session: its process and the turn state around it. Changed only on the session's lane,
 * except {@code answered}, which the stdout reader sets, and the channel, which matches answers; the
 * stdout reader reads {@code chatId}, and another lane reads whether it is idle to choose whom to
 * suspend for a new process (the suspension itself checks again on the session's own lane).
 */
public final class Conversation {

    final ClaudeProcess process;
    final ControlChannel channel;
    final boolean resumed;
    final Instant started;
    /** Messages that came while Claude worked, by the chat they came from. */
    final Waiting<Long> held = new Waiting<>();
    /** The CLI's requests waiting for the person, by request id: the session is busy meanwhile. */
    final Map<String, Pending> pending = new LinkedHashMap<>();
    final AtomicBoolean answered = new AtomicBoolean();
    /** The chat of the running (or last) turn: the one whose message started it gets all its output. */
    volatile long chatId;
    /** Volatile: the choice of a session to suspend for another reads it from that other's lane (and checks again on its own). */
    volatile boolean busy;
    /** The inbox ids of the messages the running turn began with: settled when it ends (SPEC §12). */
    List<Long> turnIds = List.of();
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

    /** A resumed process that fails before its first answer means the history could not be resumed. */
    boolean failedToResume() {
        return resumed && !answered.get();
    }

    boolean waitsForThePerson() {
        return !pending.isEmpty();
    }
}
