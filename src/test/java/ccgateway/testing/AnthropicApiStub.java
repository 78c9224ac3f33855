package ccgateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An Anthropic Messages API on 127.0.0.1 for the real Claude Code CLI: {@code POST /v1/messages}
 * answered as an SSE stream, each answer chosen by the test's {@link #script script} from the
 * request, every request recorded so a test can read the conversation history the CLI sent.
 * Anything else (token counting, telemetry the CLI may still try) gets an empty 200 or 404.
 */
public final class AnthropicApiStub implements AutoCloseable {

    /** What the stub answers to one request: text, or a call of a tool (Claude's next move). */
    public sealed interface Reply {
    }

    public record Text(String text) implements Reply {
    }

    public record ToolUse(String tool, String inputJson) implements Reply {
    }

    /** A text written in pieces: one {@code text_delta} each, {@code gap} apart, as a model writes. */
    public record Streamed(java.time.Duration gap, List<String> pieces) implements Reply {

        public String text() {
            return String.join("", pieces);
        }
    }

    /** A slow model: the reply starts streaming only after {@code delay}. */
    public record Slow(java.time.Duration delay, Reply reply) implements Reply {
    }

    /** One recorded {@code /v1/messages} request. */
    public record Request(String path, JsonObject body) {

        public JsonArray messages() {
            JsonValue messages = body.get("messages");
            return messages instanceof JsonArray array ? array : JsonValue.EMPTY_JSON_ARRAY;
        }

        /** Whether it is a turn of the conversation (the CLI's side requests, e.g. titles, come without tools). */
        public boolean isConversation() {
            return body.get("tools") instanceof JsonArray tools && !tools.isEmpty();
        }

        /** The text the person wrote last: the text blocks of the last user message, minus the CLI's reminders. */
        public String lastUserText() {
            for (int i = messages().size() - 1; i >= 0; i--) {
                JsonObject message = messages().getJsonObject(i);
                if ("user".equals(message.getString("role", ""))) {
                    return texts(message).stream().filter(t -> !t.startsWith("<system-reminder>"))
                            .collect(Collectors.joining("\n"));
                }
            }
            return "";
        }

        /** Whether the CLI tells the model that a background task ended (a turn it starts on its own). */
        public boolean isTaskNotification() {
            return !messages().isEmpty() && messages().getJsonObject(messages().size() - 1).toString().contains("<task-notification>");
        }

        /** Whether the last message hands a tool's result back. */
        public boolean endsWithToolResult() {
            if (messages().isEmpty()) {
                return false;
            }
            JsonValue content = messages().getJsonObject(messages().size() - 1).get("content");
            return content instanceof JsonArray blocks
                    && blocks.stream().anyMatch(b -> b instanceof JsonObject o && "tool_result".equals(o.getString("type", "")));
        }

        /** What the last message hands back of a tool (its result, an error, the person's answer), as text. */
        public String toolResultText() {
            if (!endsWithToolResult()) {
                return "";
            }
            return messages().getJsonObject(messages().size() - 1).getJsonArray("content").stream()
                    .filter(b -> b instanceof JsonObject o && "tool_result".equals(o.getString("type", "")))
                    .map(b -> ((JsonObject) b).get("content"))
                    .map(c -> c instanceof JsonString text ? text.getString() : String.valueOf(c))
                    .collect(Collectors.joining("\n"));
        }

        /** The model the request was made for. */
        public String model() {
            return body.getString("model", "");
        }

        /**
         * The conversation's texts, in order, as "user: …" and "assistant: …" — what a test checks the
         * history against. The CLI's own additions (its {@code role: "system"} messages, reminders) are left out.
         */
        public List<String> history() {
            List<String> lines = new ArrayList<>();
            for (JsonValue value : messages()) {
                JsonObject message = (JsonObject) value;
                if (!List.of("user", "assistant").contains(message.getString("role", ""))) {
                    continue;
                }
                for (String text : texts(message)) {
                    if (!text.startsWith("<system-reminder>")) {
                        lines.add(message.getString("role", "?") + ": " + text.strip());
                    }
                }
            }
            return lines;
        }

        private static List<String> texts(JsonObject message) {
            JsonValue content = message.get("content");
            if (content instanceof JsonString text) {
                return List.of(text.getString());
            }
            List<String> texts = new ArrayList<>();
            if (content instanceof JsonArray blocks) {
                for (JsonValue block : blocks) {
                    if (block instanceof JsonObject b && "text".equals(b.getString("type", ""))) {
                        texts.add(b.getString("text", ""));
                    }
                }
            }
            return texts;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Request, Reply> script = request -> new Text("Answer to: " + request.lastUserText());

    public AnthropicApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How the conversation requests are answered from now on (side requests always get a short text). */
    public void script(Function<Request, Reply> answer) {
        this.script = answer;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests that are turns of the conversation, in the order they came. */
    public List<Request> conversationRequests() {
        return requests().stream().filter(Request::isConversation).collect(Collectors.toList());
    }

    // ---- serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/messages")) {
                answer(exchange, path.startsWith("/v1/messages") ? 200 : 404, "{}");
                return;
            }
            Request request;
            try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
                request = new Request(path, reader.readObject());
            }
            synchronized (this) {
                requests.add(request);
            }
            Reply reply = request.isConversation() ? script.apply(request) : new Text("Stub title");
            stream(exchange, request.body().getString("model", "claude-sonnet-4-5"), reply);
        }
    }

    private void stream(HttpExchange exchange, String model, Reply reply) throws IOException {
        if (reply instanceof Slow slow) {
            try {
                Thread.sleep(slow.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reply = slow.reply();
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("request-id", "req_stub_" + ids.incrementAndGet());
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String id = "msg_stub_" + ids.incrementAndGet();
        event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":" + Json.quote(model) + ",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1000,\"output_tokens\":1}}}");
        String stopReason;
        if (reply instanceof ToolUse tool) {
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                    + "\"id\":\"toolu_stub_" + ids.incrementAndGet() + "\",\"name\":" + Json.quote(tool.tool()) + ",\"input\":{}}}");
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                    + "\"partial_json\":" + Json.quote(tool.inputJson()) + "}}");
            stopReason = "tool_use";
        } else {
            Streamed streamed = reply instanceof Streamed pieces ? pieces : new Streamed(java.time.Duration.ZERO, List.of(((Text) reply).text()));
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            for (int i = 0; i < streamed.pieces().size(); i++) {
                if (i > 0 && !pause(streamed.gap())) {
                    return;
                }
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                        + "\"text\":" + Json.quote(streamed.pieces().get(i)) + "}}");
            }
            stopReason = "end_turn";
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":100}}");
        event(out, "message_stop", "{\"type\":\"message_stop\"}");
        out.close();
    }

    /** @return false when interrupted (the stub is closing) */
    private static boolean pause(java.time.Duration gap) {
        try {
            Thread.sleep(gap.toMillis()); // the model's writing time, not a synchronisation
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
