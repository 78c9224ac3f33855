package ccgateway.conversation.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.supervision.control.ClaudeProcess;
import ccgateway.supervision.entity.StreamEvent;
import ccgateway.threads.control.SerialLanes;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a session's process prints, read on its stdout thread: Claude's words go to the chat at
 * once, everything that changes the session's state becomes a step on the session's lane.
 */
final class ProcessEvents implements ClaudeProcess.Listener {

    private final String name;
    /** The conversation is made once the process runs; what it printed before that is not for a turn. */
    private final Supplier<Conversation> conversation;
    private final Event<SessionOutput> output;
    private final SerialLanes<String> lanes;
    /** Where the steps are: the conversations, called on the session's lane. */
    private final Conversations steps;

    ProcessEvents(String name, Supplier<Conversation> conversation, Event<SessionOutput> output, SerialLanes<String> lanes, Conversations steps) {
        this.name = name;
        this.conversation = conversation;
        this.output = output;
        this.lanes = lanes;
        this.steps = steps;
    }

    @Override
    public void onEvent(StreamEvent event) {
        Conversation c = conversation.get();
        if (c == null) {
            return;
        }
        if (event instanceof StreamEvent.TextDelta delta) {
            c.answered.set(true);
            output.fire(new SessionOutput.Writing(name, c.chatId, delta.text()));
        } else if (event instanceof StreamEvent.AssistantText text && !text.text().isBlank()) {
            c.answered.set(true);
            output.fire(new SessionOutput.Text(name, c.chatId, text.text()));
        } else if (event instanceof StreamEvent.ToolUse tool) {
            c.answered.set(true);
            output.fire(new SessionOutput.Tool(name, c.chatId, tool.name(), tool.summary()));
        } else if (event instanceof StreamEvent.ControlResponse response) {
            c.channel.answered(response);
        } else if (event instanceof StreamEvent.ControlRequest request) {
            c.answered.set(true);
            lanes.submit(name, () -> steps.asked(name, c, request));
        } else if (event instanceof StreamEvent.ControlCancel cancel) {
            lanes.submit(name, () -> steps.withdrawn(name, c, cancel.requestId()));
        } else if (event instanceof StreamEvent.Init init) {
            // on the lane, not here: the fsyncs of the write would hold up reading the turn's output
            lanes.submit(name, () -> steps.turnStarted(name, c, init.sessionId()));
        } else if (event instanceof StreamEvent.Result result) {
            // the idle timeout counts from the moment Claude finished, not from when the lane got to it
            Instant finished = Instant.now();
            // the last words leave now, not after a hop to the lane and the turn's bookkeeping
            output.fire(new SessionOutput.Answered(name, c.chatId));
            lanes.submit(name, () -> steps.turnEnded(name, c, result, finished));
        }
    }

    @Override
    public void onExit(int exitCode, List<String> stderrTail) {
        lanes.submit(name, () -> steps.exited(name, conversation.get(), exitCode, stderrTail));
    }
}
