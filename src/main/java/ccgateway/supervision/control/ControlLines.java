package ccgateway.supervision.control;

import ccgateway.supervision.entity.StreamEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;

/**
 * The lines of Claude Code's control protocol on the same stdin/stdout as the conversation
 * (docs of the pinned CLI: {@code shared/CLAUDE-CONTROL.md}). Like every stdout line, a control line
 * that is not of the expected shape is dropped, never thrown up.
 */
public final class ControlLines {

    private static final JsonProvider JSON = JsonProvider.provider();

    private ControlLines() {
    }

    static List<StreamEvent> parse(String type, JsonObject line) {
        switch (type) {
            case "control_request":
                JsonValue request = line.get("request");
                String id = StreamJsonParser.string(line, "request_id");
                if (id.isEmpty() || !(request instanceof JsonObject)) {
                    return List.of();
                }
                return List.of(new StreamEvent.ControlRequest(id, StreamJsonParser.string(request, "subtype"), (JsonObject) request));
            case "control_response":
                return response(StreamJsonParser.member(line, "response"));
            case "control_cancel_request":
                String cancelled = StreamJsonParser.string(line, "request_id");
                return cancelled.isEmpty() ? List.of() : List.of(new StreamEvent.ControlCancel(cancelled));
            default:
                return List.of(new StreamEvent.Other(type));
        }
    }

    private static List<StreamEvent> response(JsonValue response) {
        String id = StreamJsonParser.string(response, "request_id");
        if (id.isEmpty()) {
            return List.of();
        }
        if (StreamJsonParser.string(response, "subtype").equals("success")) {
            JsonValue body = StreamJsonParser.member(response, "response");
            return List.of(new StreamEvent.ControlResponse(id, body instanceof JsonObject ? (JsonObject) body : JsonValue.EMPTY_JSON_OBJECT, ""));
        }
        String error = StreamJsonParser.string(response, "error");
        return List.of(new StreamEvent.ControlResponse(id, JsonValue.EMPTY_JSON_OBJECT, error.isEmpty() ? "refused" : error));
    }

    /** A request of the gateway's to the CLI ({@code interrupt}, {@code set_model}, …). */
    public static String request(String requestId, JsonObject request) {
        return StreamJsonParser.line(JSON.createObjectBuilder()
                .add("type", "control_request")
                .add("request_id", requestId)
                .add("request", request)
                .build());
    }

    /** The gateway's answer to one of the CLI's requests ({@code can_use_tool}). */
    public static String success(String requestId, JsonObject response) {
        return response(requestId, "success", JSON.createObjectBuilder().add("response", response));
    }

    /** The gateway cannot do what the CLI asked (a request subtype it does not know). */
    public static String error(String requestId, String error) {
        return response(requestId, "error", JSON.createObjectBuilder().add("error", error));
    }

    private static String response(String requestId, String subtype, JsonObjectBuilder body) {
        return StreamJsonParser.line(JSON.createObjectBuilder()
                .add("type", "control_response")
                .add("response", JSON.createObjectBuilder()
                        .add("subtype", subtype)
                        .add("request_id", requestId)
                        .addAll(body))
                .build());
    }
}
