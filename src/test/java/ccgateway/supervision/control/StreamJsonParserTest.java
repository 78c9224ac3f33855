package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.supervision.entity.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamJsonParserTest {

    @Test
    void successfulResultCarriesCostSessionAndTurns() {
        List<StreamEvent> events = StreamJsonParser.parse("{\"type\":\"result\",\"subtype\":\"success\","
                + "\"is_error\":false,\"duration_ms\":1200,\"duration_api_ms\":1100,\"num_turns\":1,"
                + "\"result\":\"hi\",\"session_id\":\"abc\",\"total_cost_usd\":0.0123,"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":5},\"permission_denials\":[]}");
        assertEquals(List.of(new StreamEvent.Result(false, "hi", "abc", 0.0123, 1200, 1, List.of())), events);
    }

    @Test
    void unknownResumeIdIsAnErrorResultWithItsReason() {
        StreamEvent.Result result = (StreamEvent.Result) StreamJsonParser.parse("{\"type\":\"result\","
                + "\"subtype\":\"error_during_execution\",\"duration_ms\":0,\"num_turns\":0,\"is_error\":true,"
                + "\"session_id\":\"f00\",\"total_cost_usd\":0,\"usage\":{},"
                + "\"errors\":[\"No conversation found with session ID: x\"]}").get(0);
        assertTrue(result.isError());
        assertEquals(List.of("No conversation found with session ID: x"), result.errors());
        assertEquals("No conversation found with session ID: x", result.failureReason());
        assertEquals("", result.result());
    }

    @Test
    void initAnnouncesTheSessionId() {
        assertEquals(List.of(new StreamEvent.Init("5d0e-11")), StreamJsonParser.parse("{\"type\":\"system\","
                + "\"subtype\":\"init\",\"cwd\":\"/tmp\",\"session_id\":\"5d0e-11\",\"tools\":[\"Bash\"],"
                + "\"mcp_servers\":[],\"model\":\"claude-sonnet-4-5\",\"permissionMode\":\"default\"}"));
    }

    @Test
    void assistantLineYieldsOneEventPerContentBlock() {
        List<StreamEvent> events = StreamJsonParser.parse("{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\","
                + "\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
                + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\","
                + "\"input\":{\"command\":\"ls -la\",\"description\":\"List files\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"Read\",\"input\":{\"file_path\":\"/a/b.txt\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_3\",\"name\":\"Grep\",\"input\":{\"limit\":3,\"pattern\":\"TODO\"}}"
                + "]},\"parent_tool_use_id\":null,\"session_id\":\"abc\"}");
        assertEquals(List.of(new StreamEvent.Thinking("hmm"), new StreamEvent.AssistantText("Let me look."),
                new StreamEvent.ToolUse("Bash", "ls -la"), new StreamEvent.ToolUse("Read", "/a/b.txt"),
                new StreamEvent.ToolUse("Grep", "TODO")), events);
    }

    @Test
    void toolSummaryIsOneShortLine() {
        String script = "for f in *; do\n  echo \"$f\"\ndone\n" + "x".repeat(5000);
        String line = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\","
                + "\"input\":{\"command\":" + Json.createValue(script) + "}}]}}";
        String summary = ((StreamEvent.ToolUse) StreamJsonParser.parse(line).get(0)).summary();
        assertTrue(summary.startsWith("for f in *; do echo \"$f\" done xxx"), summary);
        assertEquals(200, summary.length());
        assertTrue(summary.endsWith("…"));
    }

    @Test
    void toolUseWithoutInputHasAnEmptySummary() {
        assertEquals(List.of(new StreamEvent.ToolUse("TodoWrite", "")), StreamJsonParser.parse(
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"TodoWrite\"}]}}"));
    }

    @Test
    void unknownTypesAndToolResultsAreOther() {
        assertEquals(List.of(new StreamEvent.Other("user")), StreamJsonParser.parse("{\"type\":\"user\","
                + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"ok\"}]}}"));
        assertEquals(List.of(new StreamEvent.Other("stream_event")), StreamJsonParser.parse("{\"type\":\"stream_event\"}"));
        assertEquals(List.of(new StreamEvent.Other("system")),
                StreamJsonParser.parse("{\"type\":\"system\",\"subtype\":\"compact_boundary\"}"));
    }

    @Test
    void aTextDeltaOfClaudesOwnAnswerIsATextDeltaAndOtherStreamEventsAreOther() {
        assertEquals(List.of(new StreamEvent.TextDelta("I will run")), StreamJsonParser.parse("{\"type\":\"stream_event\","
                + "\"event\":{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"I will run\"}},"
                + "\"session_id\":\"s\",\"parent_tool_use_id\":null,\"uuid\":\"u\"}"));
        assertEquals(List.of(new StreamEvent.Other("stream_event")), StreamJsonParser.parse("{\"type\":\"stream_event\","
                + "\"event\":{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}}"));
        assertEquals(List.of(new StreamEvent.Other("stream_event")), StreamJsonParser.parse("{\"type\":\"stream_event\","
                + "\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a sub-agent's\"}},"
                + "\"parent_tool_use_id\":\"toolu_1\"}"));
        assertEquals(List.of(new StreamEvent.Other("stream_event")), StreamJsonParser.parse("{\"type\":\"stream_event\","
                + "\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":42}}}"));
    }

    @Test
    void garbageYieldsNothing() {
        for (String line : new String[] {null, "", "   ", "hello", "{\"type\":\"assistant\",\"mess", "[1,2]",
                "{}", "{\"type\":42}", "{\"a\":1} trailing", "\u0000\u0001", "{\"type\":\"assistant\"}",
                "{\"type\":\"assistant\",\"message\":{\"content\":\"just a string\"}}"}) {
            assertEquals(List.of(), StreamJsonParser.parse(line), String.valueOf(line));
        }
    }

    @Test
    void wronglyTypedFieldsFallBackToDefaults() {
        assertEquals(List.of(new StreamEvent.Result(false, "", "", 0, 0, 0, List.of("{\"x\":1}"))),
                StreamJsonParser.parse("{\"type\":\"result\",\"is_error\":\"yes\",\"result\":7,"
                        + "\"session_id\":null,\"total_cost_usd\":\"1\",\"num_turns\":[],\"errors\":[{\"x\":1}]}"));
    }

    @Test
    void tenMegabyteLinesAreHandled() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String text = "y".repeat(10 * 1024 * 1024);
            String line = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}";
            assertEquals(List.of(new StreamEvent.AssistantText(text)), StreamJsonParser.parse(line));
            assertEquals(List.of(), StreamJsonParser.parse("{\"type\":\"assistant\",\"x\":\"" + text));
            assertEquals(List.of(), StreamJsonParser.parse("{\"a\":" + "[".repeat(1_000_000)));
        });
    }

    @Test
    void userLineIsEscapedJsonOnOneLine() {
        String text = "He said \"hi\"\\ \n\tline two — ünïcödé 🎉 \u0001 </script>";
        String line = StreamJsonParser.userLine(text);
        assertTrue(!line.contains("\n") && !line.contains("\r"), line);
        JsonObject parsed = Json.createReader(new StringReader(line)).readObject();
        assertEquals("user", parsed.getString("type"));
        assertEquals("user", parsed.getJsonObject("message").getString("role"));
        assertEquals(text, parsed.getJsonObject("message").getString("content"));
    }

    @Test
    void canUseToolIsAControlRequestWithItsIdAndWholeRequest() {
        List<StreamEvent> events = StreamJsonParser.parse("{\"type\":\"control_request\",\"request_id\":\"477af5da\","
                + "\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"echo hi > f.txt\"},"
                + "\"permission_suggestions\":[],\"tool_use_id\":\"toolu_1\"}}");
        StreamEvent.ControlRequest request = (StreamEvent.ControlRequest) events.get(0);
        assertEquals("477af5da", request.requestId());
        assertEquals("can_use_tool", request.subtype());
        assertEquals("Bash", request.request().getString("tool_name"));
    }

    @Test
    void controlResponsesAreMatchedByIdAndCarryTheAnswerOrTheError() {
        StreamEvent.ControlResponse ok = (StreamEvent.ControlResponse) StreamJsonParser.parse("{\"type\":\"control_response\","
                + "\"response\":{\"subtype\":\"success\",\"request_id\":\"gw-1\",\"response\":{\"model\":\"claude-haiku-5-5\"}}}").get(0);
        assertTrue(ok.isSuccess());
        assertEquals("claude-haiku-5-5", ok.response().getString("model"));
        StreamEvent.ControlResponse refused = (StreamEvent.ControlResponse) StreamJsonParser.parse("{\"type\":\"control_response\","
                + "\"response\":{\"subtype\":\"error\",\"request_id\":\"gw-2\",\"error\":\"Invalid mode\",\"error_code\":\"invalid_mode\"}}").get(0);
        assertEquals(new StreamEvent.ControlResponse("gw-2", JsonValue.EMPTY_JSON_OBJECT, "Invalid mode"), refused);
        assertEquals(List.of(new StreamEvent.ControlCancel("477af5da")),
                StreamJsonParser.parse("{\"type\":\"control_cancel_request\",\"request_id\":\"477af5da\"}"));
    }

    @Test
    void controlLinesWithoutAnIdAreDropped() {
        assertEquals(List.of(), StreamJsonParser.parse("{\"type\":\"control_request\",\"request\":{\"subtype\":\"can_use_tool\"}}"));
        assertEquals(List.of(), StreamJsonParser.parse("{\"type\":\"control_response\",\"response\":\"x\"}"));
        assertEquals(List.of(), StreamJsonParser.parse("{\"type\":\"control_cancel_request\"}"));
    }

    @Test
    void anInterruptedTurnIsAbortedNotAnError() {
        StreamEvent.Result result = (StreamEvent.Result) StreamJsonParser.parse("{\"type\":\"result\",\"subtype\":\"error_during_execution\","
                + "\"is_error\":true,\"terminal_reason\":\"aborted_tools\",\"session_id\":\"s\"}").get(0);
        assertTrue(result.isError());
        assertTrue(result.wasAborted());
    }

    @Test
    void gatewayControlLinesAreOneJsonLineEach() {
        String request = ControlLines.request("gw-7", Json.createObjectBuilder().add("subtype", "interrupt").build());
        assertEquals("{\"type\":\"control_request\",\"request_id\":\"gw-7\",\"request\":{\"subtype\":\"interrupt\"}}", request);
        String answer = ControlLines.success("r1", Json.createObjectBuilder().add("behavior", "deny").add("message", "a\nb").build());
        assertFalse(answer.contains("\n"), answer);
        assertEquals("{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"r1\","
                + "\"response\":{\"behavior\":\"deny\",\"message\":\"a\\nb\"}}}", answer);
    }
}
