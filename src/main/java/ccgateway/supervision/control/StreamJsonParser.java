package ccgateway.supervision.control;

import ccgateway.supervision.entity.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Claude's stream-json stdout lines and writes its stdin lines (SPEC §5).
 * <p>
 * A child's output is not trusted to be well-formed (a crash leaves half a line, tools may print to
 * the terminal, new CLI versions add types), so parsing never throws: what cannot be understood is
 * dropped or reported as {@link StreamEvent.Other}.
 */
public final class StreamJsonParser {

    /** Json.createX looks the provider up through ServiceLoader on every call (slow in Payara): once. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final System.Logger LOG = System.getLogger(StreamJsonParser.class.getName());
    static final int SUMMARY_LENGTH = 200;

    // factories, because Json.createReader looks the provider up through ServiceLoader on every call
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());

    private StreamJsonParser() {
    }

    /** The events of one stdout line; empty for blank, non-JSON or non-object lines. */
    public static List<StreamEvent> parse(String line) {
        if (line == null || !line.stripLeading().startsWith("{")) {
            return List.of();
        }
        try (JsonReader reader = READERS.createReader(new StringReader(line))) {
            return events(reader.readObject());
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: a provider without a nesting limit recurses on "[[[[..." (Parsson stops at 1000)
            LOG.log(System.Logger.Level.DEBUG, "Ignoring unparsable stream-json line: {0}", e.toString());
            return List.of();
        }
    }

    /** The stdin line that hands one user message to Claude. */
    public static String userLine(String text) {
        return line(JSON.createObjectBuilder()
                .add("type", "user")
                .add("message", JSON.createObjectBuilder().add("role", "user").add("content", text))
                .build());
    }

    /** One JSON object as one line (no line breaks: JSON-P escapes them inside strings). */
    static String line(JsonObject line) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.writeObject(line);
        }
        return out.toString();
    }

    private static List<StreamEvent> events(JsonObject line) {
        String type = string(line, "type");
        if (type.isEmpty()) {
            return List.of();
        }
        if (type.equals("system") && string(line, "subtype").equals("init") && !string(line, "session_id").isEmpty()) {
            return List.of(new StreamEvent.Init(string(line, "session_id")));
        }
        if (type.equals("assistant")) {
            return contentBlocks(line);
        }
        if (type.equals("stream_event")) {
            return textDelta(line);
        }
        if (type.equals("result")) {
            return List.of(result(line));
        }
        if (type.startsWith("control_")) {
            return ControlLines.parse(type, line);
        }
        return List.of(new StreamEvent.Other(type));
    }

    private static List<StreamEvent> contentBlocks(JsonObject line) {
        JsonValue content = member(member(line, "message"), "content");
        if (!(content instanceof JsonArray)) {
            return List.of();
        }
        List<StreamEvent> events = new ArrayList<>();
        for (JsonValue block : (JsonArray) content) {
            String blockType = string(block, "type");
            if (blockType.equals("text") && !string(block, "text").isEmpty()) {
                events.add(new StreamEvent.AssistantText(string(block, "text")));
            } else if (blockType.equals("tool_use")) {
                String name = string(block, "name");
                events.add(new StreamEvent.ToolUse(name, ToolSummary.of(name, member(block, "input"))));
            } else if (blockType.equals("thinking")) {
                events.add(new StreamEvent.Thinking(string(block, "thinking")));
            }
        }
        return List.copyOf(events);
    }

    /**
     * A text delta of Claude's own answer; a sub-agent's ({@code parent_tool_use_id} set), tool input
     * ({@code input_json_delta}), thinking and every other raw API event are not the person's text.
     */
    private static List<StreamEvent> textDelta(JsonObject line) {
        JsonValue event = member(line, "event");
        JsonValue delta = member(event, "delta");
        boolean ownText = string(event, "type").equals("content_block_delta") && string(delta, "type").equals("text_delta")
                && (member(line, "parent_tool_use_id") == null || member(line, "parent_tool_use_id") == JsonValue.NULL);
        if (ownText && !string(delta, "text").isEmpty()) {
            return List.of(new StreamEvent.TextDelta(string(delta, "text")));
        }
        return List.of(new StreamEvent.Other("stream_event"));
    }

    private static StreamEvent.Result result(JsonObject line) {
        List<String> errors = new ArrayList<>();
        if (line.get("errors") instanceof JsonArray) {
            for (JsonValue error : line.getJsonArray("errors")) {
                errors.add(error instanceof JsonString ? ((JsonString) error).getString() : error.toString());
            }
        }
        return new StreamEvent.Result(line.get("is_error") == JsonValue.TRUE, string(line, "result"),
                string(line, "session_id"), number(line, "total_cost_usd").doubleValue(),
                number(line, "duration_ms").longValue(), number(line, "num_turns").intValue(), errors,
                string(line, "terminal_reason"));
    }

    static JsonValue member(JsonValue object, String key) {
        return object instanceof JsonObject ? ((JsonObject) object).get(key) : null;
    }

    static String string(JsonValue object, String key) {
        JsonValue value = member(object, key);
        return value instanceof JsonString ? ((JsonString) value).getString() : "";
    }

    private static Number number(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonNumber ? ((JsonNumber) value).numberValue() : Integer.valueOf(0);
    }
}
