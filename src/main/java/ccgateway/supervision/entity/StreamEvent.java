package ccgateway.supervision.entity;

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

    /** A {@code tool_use} block; {@code summary} is a one-line description of its input, for progress messages. */
    record ToolUse(String name, String summary) implements StreamEvent {
    }

    /** A {@code thinking} block: Claude's reasoning, not meant for the user. */
    record Thinking(String text) implements StreamEvent {
    }

    /** {@code result}: the end of a turn; {@code errors} explains a failure such as an unknown resume id. */
    record Result(boolean isError, String result, String sessionId, double totalCostUsd, long durationMs,
            int numTurns, List<String> errors) implements StreamEvent {

        public Result {
            errors = List.copyOf(errors);
        }

        /** What to tell the user about a failed turn: the CLI's errors, else its result text. */
        public String failureReason() {
            return errors.isEmpty() ? result : String.join("; ", errors);
        }
    }

    /** Any other well-formed line ({@code user} tool results, other system subtypes, future types). */
    record Other(String type) implements StreamEvent {
    }
}
