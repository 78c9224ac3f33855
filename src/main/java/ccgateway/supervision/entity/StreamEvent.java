package ccgateway.supervision.entity;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * One event of Claude's stream-json output (SPEC §5). A stdout line can carry several events
 * (an assistant message has several content blocks); absent text fields are empty strings, never null.
 */
public sealed interface StreamEvent {

    /** {@code system/init}: printed at the start of every turn; the session id is the conversation's history. */
    record Init(String sessionId) implements StreamEvent {
    }

    /** A {@code text} content block of an assistant message. */
    record AssistantText(String text) implements StreamEvent {
    }

    /**
     * A piece of a {@code text} block while it is written ({@code stream_event} {@code text_delta},
     * with {@code --include-partial-messages}); the block's complete {@link AssistantText} follows.
     */
    record TextDelta(String text) implements StreamEvent {
    }

    /** A {@code tool_use} block; {@code summary} is a one-line description of its input, for progress messages. */
    record ToolUse(String name, String summary) implements StreamEvent {
    }

    /** A {@code thinking} block: Claude's reasoning, not meant for the user. */
    record Thinking(String text) implements StreamEvent {
    }

    /** {@code result}: the end of a turn; {@code errors} explains a failure such as an unknown resume id. */
    record Result(boolean isError, String result, String sessionId, double totalCostUsd, long durationMs,
            int numTurns, List<String> errors, String terminalReason) implements StreamEvent {

        public Result {
            errors = List.copyOf(errors);
        }

        public Result(boolean isError, String result, String sessionId, double totalCostUsd, long durationMs,
                int numTurns, List<String> errors) {
            this(isError, result, sessionId, totalCostUsd, durationMs, numTurns, errors, "");
        }

        /** A turn stopped by an interrupt (or a deny that interrupts): no error to show, no crash. */
        public boolean wasAborted() {
            return terminalReason.startsWith("aborted");
        }

        /** What to tell the user about a failed turn: the CLI's errors, else its result text. */
        public String failureReason() {
            return errors.isEmpty() ? result : String.join("; ", errors);
        }
    }

    /** {@code control_request} from the CLI: it asks the gateway something ({@code can_use_tool}). */
    record ControlRequest(String requestId, String subtype, JsonObject request) implements StreamEvent {
    }

    /** {@code control_response} to a request of the gateway's; {@code error} is empty on success. */
    record ControlResponse(String requestId, JsonObject response, String error) implements StreamEvent {

        public boolean isSuccess() {
            return error.isEmpty();
        }
    }

    /** {@code control_cancel_request}: the CLI withdraws a request of its own that is still pending. */
    record ControlCancel(String requestId) implements StreamEvent {
    }

    /** Any other well-formed line ({@code user} tool results, other system subtypes, future types). */
    record Other(String type) implements StreamEvent {
    }
}
