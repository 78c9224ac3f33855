package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.supervision.control.StreamJsonParser;
import ccgateway.supervision.entity.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The deltas of stream-json lines as the CLI prints them with {@code --include-partial-messages}
 * (the complete {@code assistant} line before its block's {@code content_block_stop}), read by the
 * parser and assembled into drafts: every message's final text exactly once, in order, and every
 * draft a beginning of its own message, shown before that message.
 */
class DraftAssemblyTest {

    /** What the person's chat gets, in order: "draft <id>: <text>" and "message: <text>". */
    final List<String> chat = new ArrayList<>();
    final AtomicInteger ids = new AtomicInteger();
    final Draft draft = new Draft(ids::incrementAndGet);
    long now = 0;

    void read(String line) {
        now += 600_000_000L; // each line after the pacing interval: every delta may show
        for (StreamEvent event : StreamJsonParser.parse(line)) {
            if (event instanceof StreamEvent.TextDelta delta) {
                Draft.Step step = draft.written("s", delta.text(), now);
                while (step.waits()) { // the grace before a message's first draft: its timer fires
                    now += step.waitNanos();
                    step = draft.due(now);
                }
                if (step.sends()) {
                    chat.add("draft " + step.draftId() + ": " + step.text());
                    draft.finished(now, Duration.ZERO);
                }
            } else if (event instanceof StreamEvent.AssistantText text) {
                chat.add("message: " + text.text());
                draft.complete("s");
            } else if (event instanceof StreamEvent.ToolUse tool) {
                chat.add("message: 🔧 " + tool.name());
            }
        }
    }

    static String event(String json) {
        return "{\"type\":\"stream_event\",\"event\":" + json + ",\"session_id\":\"x\",\"parent_tool_use_id\":null,\"uuid\":\"u\"}";
    }

    static String delta(int index, String text) {
        return event("{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    static String assistant(String blockJson) {
        return "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[" + blockJson + "]},\"session_id\":\"x\"}";
    }

    /** One text block as the CLI streams it: start, deltas, the complete line, then the stop. */
    void textBlock(int index, String... pieces) {
        read(event("{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String piece : pieces) {
            read(delta(index, piece));
        }
        read(assistant("{\"type\":\"text\",\"text\":\"" + String.join("", pieces) + "\"}"));
        read(event("{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
    }

    void toolBlock(int index) {
        read(event("{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\",\"input\":{}}}"));
        read(event("{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"command\\\":\\\"ls\\\"}\"}}"));
        read(assistant("{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}"));
        read(event("{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
    }

    @Test
    void theFinalTextComesOnceAfterItsDraftsAndNothingIsDraftedAfterIt() {
        read(event("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}"));
        textBlock(0, "I will ", "look at ", "it.");
        read(event("{\"type\":\"message_stop\"}"));
        assertEquals(List.of("draft 1: I will ", "draft 1: I will look at ", "draft 1: I will look at it.", "message: I will look at it."),
                chat);
    }

    @Test
    void severalTextBlocksWithToolsBetweenAreEachTheirOwnDraftAndMessageInOrder() {
        textBlock(0, "First ", "part.");
        toolBlock(1);
        textBlock(0, "Second ", "part.");
        textBlock(1, "Third.");
        assertEquals(List.of("draft 1: First ", "draft 1: First part.", "message: First part.",
                "message: 🔧 Bash",
                "draft 2: Second ", "draft 2: Second part.", "message: Second part.",
                "draft 3: Third.", "message: Third."), chat);
    }

    @Test
    void toolInputThinkingAndASubAgentsTextAreNeverDrafted() {
        toolBlock(0);
        read(event("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"));
        read(delta(0, "not yours").replace("\"parent_tool_use_id\":null", "\"parent_tool_use_id\":\"toolu_1\""));
        assertEquals(List.of("message: 🔧 Bash"), chat);
        assertTrue(chat.stream().noneMatch(line -> line.startsWith("draft")));
    }
}
