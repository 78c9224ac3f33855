package ccgateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Telegram Bot API server on 127.0.0.1 for tests: answers like Telegram, records every call,
 * and can be told to answer 429, 5xx or "can't parse entities" for the next calls of a method,
 * to answer slowly, to drop the connection without an answer (a reset) or to hold it past the
 * client's timeout and then drop it. A dropped call is not delivered: the message is lost, as when
 * a request dies in the network before it reaches Telegram. Serves {@code getUpdates} (long polling) from a queue and files registered with {@link #addFile}.
 * Keeps what each chat shows ({@link #shown}): the messages with their buttons, as edits left them;
 * an edit of an unknown message, or one that changes nothing, is refused with Telegram's 400.
 * Drafts ({@code sendMessageDraft}) are recorded like any call and can all be refused ({@link #refuseDrafts}).
 */
public final class BotApiStub implements AutoCloseable {

    public static final String TOKEN = "123456:TEST-token-never-real";

    /** One recorded request. {@code params} are the form fields (multipart file parts by name). */
    public record Call(String method, Map<String, String> params, Instant at, String token) {
        public long chatId() {
            return Long.parseLong(params.getOrDefault("chat_id", "0"));
        }

        public String text() {
            return params.get("text");
        }

        /** The forum topic it went into; 0: none. */
        public long threadId() {
            return Long.parseLong(params.getOrDefault("message_thread_id", "0"));
        }
    }

    /** A file the bot sent as a document: its name and its exact bytes. */
    public record Document(long chatId, String fileName, byte[] bytes) {
    }

    /** A message as the chat shows it now: its text and its inline keyboard (JSON, null when none). */
    public record Shown(int messageId, String text, String replyMarkup) {
        public boolean hasButtons() {
            return replyMarkup != null && replyMarkup.contains("callback_data");
        }

        /** What pressing the button with this label sends back. */
        public String callbackData(String label) {
            Matcher button = Pattern.compile("\"text\":\"" + Pattern.quote(label)
                    + "\",\"callback_data\":\"([^\"]+)\"").matcher(hasButtons() ? replyMarkup : "");
            if (!button.find()) {
                throw new AssertionError("no button '" + label + "' in " + replyMarkup);
            }
            return button.group(1);
        }
    }

    /** code 200 answers normally after the delay; {@value #DROP} closes the connection without an answer. */
    private record Fault(int code, String description, Integer retryAfter, Duration delay) {
    }

    private static final int DROP = -1;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Deque<String> updates = new ArrayDeque<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** Files whose download sends the headers, then nothing for this long (then the connection closes). */
    private final Map<String, Duration> stalledFiles = new ConcurrentHashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger(1000);
    /** Per chat, by message id: what the person sees. */
    private final Map<Long, Map<Integer, Shown>> screens = new ConcurrentHashMap<>();
    /** Every call since the stub started; {@link #reset} leaves it, so calls made at the gateway's start stay visible. */
    private final List<Call> sinceStart = new ArrayList<>();
    private volatile boolean rejectAllEntities;
    /** Non-zero: every sendMessageDraft is answered with this error code. */
    private volatile int refuseDrafts;
    /** Every download of {@code path} answers 200 with its length, then sends nothing for {@code hold}. */
    public void stallFile(String path, Duration hold) {
        stalledFiles.put(path, hold);
    }

    /** Calls that met an armed fault, with the fault's code ({@value #DROP}: dropped; 200: slow). */
    private final List<Map.Entry<Call, Integer>> faulted = new ArrayList<>();
    /** Raised by {@link #endLongPolls}: a getUpdates that arrived under an older one answers [] at once. */
    private volatile long pollGeneration;
    private int pollsNow;
    private int pollsOverlapped;

    public BotApiStub() throws IOException {
        this(0);
    }

    public BotApiStub(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- steering

    /** The next {@code times} calls of {@code method} get this error instead of success. */
    public void failNext(String method, int times, int code, String description) {
        for (int i = 0; i < times; i++) {
            faults.computeIfAbsent(method, m -> new ConcurrentLinkedDeque<>()).add(new Fault(code, description, null, Duration.ZERO));
        }
    }

    public void rateLimitNext(String method, int retryAfterSeconds) {
        faults.computeIfAbsent(method, m -> new ConcurrentLinkedDeque<>())
                .add(new Fault(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds, Duration.ZERO));
    }

    /** The next {@code times} calls of {@code method} are answered normally, but only after {@code delay}. */
    public void slowNext(String method, int times, Duration delay) {
        for (int i = 0; i < times; i++) {
            faults.computeIfAbsent(method, m -> new ConcurrentLinkedDeque<>()).add(new Fault(200, "slow", null, delay));
        }
    }

    /** The next {@code times} calls of {@code method} see their connection closed without an answer. */
    public void resetNext(String method, int times) {
        timeoutNext(method, times, Duration.ZERO);
    }

    /** The next {@code times} calls of {@code method} are held for {@code hold}, then closed without an answer. */
    public void timeoutNext(String method, int times, Duration hold) {
        for (int i = 0; i < times; i++) {
            faults.computeIfAbsent(method, m -> new ConcurrentLinkedDeque<>()).add(new Fault(DROP, "dropped", null, hold));
        }
    }

    /**
     * Answers every getUpdates that is waiting (or arriving right now, before the faults armed so
     * far) with no updates, as Telegram does when a long poll's timeout runs out. A test arms a fault
     * for getUpdates, calls this, then queues updates: the poll that fetches them meets the fault.
     */
    public synchronized void endLongPolls() {
        pollGeneration++;
        notifyAll();
    }

    /** Disarms every fault not yet used. */
    public void clearFaults() {
        faults.clear();
    }

    /** Faults armed but not yet used, for all methods. */
    public int faultsPending() {
        return faults.values().stream().mapToInt(Deque::size).sum();
    }

    /** Like Telegram with broken markup: every formatted sendMessage is refused with 400. */
    public void rejectFormattedMessages(boolean reject) {
        rejectAllEntities = reject;
    }

    /**
     * From now on every sendMessageDraft is refused with {@code code} (429 with retry_after 1, or
     * e.g. 500), until called with 0. The calls are still recorded ({@link #draftCalls}).
     */
    public void refuseDrafts(int code) {
        refuseDrafts = code;
    }

    /** The chat's sendMessageDraft calls, refused ones included, in arrival order. */
    public List<Call> draftCalls(long chatId) {
        return calls("sendMessageDraft").stream().filter(c -> c.chatId() == chatId).collect(Collectors.toList());
    }

    /** The drafts the chat was shown (taken calls only), in order. */
    public List<Call> drafts(long chatId) {
        return delivered().stream().filter(c -> c.chatId() == chatId && c.method().equals("sendMessageDraft"))
                .collect(Collectors.toList());
    }

    /**
     * How often a getUpdates arrived while another was still waiting: two gateways polling at once
     * (Telegram would answer one of them 409).
     */
    public synchronized int pollsOverlapped() {
        return pollsOverlapped;
    }

    public synchronized void queueUpdate(String updateJson) {
        updates.add(updateJson);
        notifyAll();
    }

    public void addFile(String path, byte[] content) {
        files.put(path, content);
    }

    // ---- reading what happened

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).collect(Collectors.toList());
    }

    /** Calls of {@code method} since the stub started, {@link #reset} or not (the gateway's start-up calls). */
    public synchronized List<Call> callsSinceStart(String method) {
        return sinceStart.stream().filter(c -> c.method().equals(method)).collect(Collectors.toList());
    }

    /** The chat's messages as the person sees them now, oldest first. */
    public List<Shown> shown(long chatId) {
        return screens.getOrDefault(chatId, Map.of()).values().stream()
                .sorted(java.util.Comparator.comparingInt(Shown::messageId)).collect(Collectors.toList());
    }

    /** The first message of the chat with buttons whose text contains the fragment (a prompt), waiting for it. */
    public Shown awaitPrompt(long chatId, String fragment, Duration timeout) {
        return Await.value(() -> shown(chatId).stream().filter(s -> s.hasButtons() && s.text().contains(fragment)).findFirst(),
                timeout, () -> "no prompt with '" + fragment + "' in " + shown(chatId));
    }

    /** The chat's message with this id as the person sees it now (edits applied). */
    public Shown shownNow(long chatId, int messageId) {
        return shown(chatId).stream().filter(s -> s.messageId() == messageId).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + messageId + " in chat " + chatId));
    }

    /** Waits until the prompt has lost its buttons and ends with {@code lastLine}. */
    public void awaitClosed(long chatId, Shown prompt, String lastLine, Duration timeout) {
        Await.until(() -> !shownNow(chatId, prompt.messageId()).hasButtons() && shownNow(chatId, prompt.messageId()).text().endsWith(lastLine),
                timeout, () -> "prompt not closed with '" + lastLine + "': " + shownNow(chatId, prompt.messageId()));
    }

    /** The callback answers the bot gave, in order: the text each one showed (null: none). */
    public List<String> callbackAnswers() {
        return delivered().stream().filter(c -> c.method().equals("answerCallbackQuery"))
                .map(c -> c.params().get("text")).collect(Collectors.toList());
    }

    /** Calls of {@code method} that met an armed fault, in order (slow ones included). */
    public synchronized List<Call> faulted(String method) {
        return faulted.stream().map(Map.Entry::getKey).filter(c -> c.method().equals(method)).collect(Collectors.toList());
    }

    /** Texts Telegram accepted for the chat, in order (refused attempts excluded). */
    public List<String> messages(long chatId) {
        return delivered().stream().filter(c -> c.chatId() == chatId && c.method().equals("sendMessage"))
                .map(Call::text).collect(Collectors.toList());
    }

    private final List<Call> delivered = new ArrayList<>();

    /** Documents Telegram accepted for the chat (sendDocument), in order. */
    public List<Document> documents(long chatId) {
        return delivered().stream().filter(c -> c.chatId() == chatId && c.method().equals("sendDocument"))
                .map(c -> new Document(chatId, c.params().get("document"),
                        java.util.Base64.getDecoder().decode(c.params().getOrDefault("document" + Multipart.BYTES, ""))))
                .collect(Collectors.toList());
    }

    public synchronized List<Call> delivered() {
        return List.copyOf(delivered);
    }

    public List<String> awaitMessages(long chatId, int count, Duration timeout) {
        Await.until(() -> messages(chatId).size() >= count, timeout,
                () -> "expected " + count + " messages in chat " + chatId + ", got " + messages(chatId));
        return messages(chatId);
    }

    // ---- forum topics (SPEC §11)

    private volatile boolean topicsInPrivateChats;
    private final AtomicInteger threadIds = new AtomicInteger(500);
    /** By "chat/name": the thread id of each topic created. */
    private final Map<String, Integer> topics = new ConcurrentHashMap<>();

    /** From now on getMe says {@code has_topics_enabled}: the bot has topics in private chats. */
    public void reportTopicsInPrivateChats(boolean enabled) {
        topicsInPrivateChats = enabled;
    }

    /** Texts Telegram accepted for that topic of the chat (0: outside every topic), in order. */
    public List<String> messages(long chatId, long threadId) {
        return delivered().stream().filter(c -> c.chatId() == chatId && c.threadId() == threadId && c.method().equals("sendMessage"))
                .map(Call::text).collect(Collectors.toList());
    }

    public String awaitMessage(long chatId, long threadId, Predicate<String> matching, Duration timeout) {
        return Await.value(() -> messages(chatId, threadId).stream().filter(matching).findFirst(), timeout,
                () -> "no matching message in topic " + threadId + " of chat " + chatId + "; got " + messages(chatId, threadId)
                        + "; the chat has " + delivered().stream().filter(c -> c.chatId() == chatId && c.method().equals("sendMessage"))
                        .map(c -> c.threadId() + ": " + c.text()).collect(Collectors.toList()));
    }

    /** The thread id of the topic created in the chat with that name, waiting for it. */
    public long awaitTopic(long chatId, String name, Duration timeout) {
        return Await.value(() -> Optional.ofNullable(topics.get(chatId + "/" + name)), timeout,
                () -> "no topic '" + name + "' created in chat " + chatId + "; created: " + topics.keySet());
    }

    private String forumTopic(Map<String, String> params) {
        int thread = threadIds.incrementAndGet();
        String name = params.getOrDefault("name", "");
        topics.put(chatOf(params) + "/" + name, thread);
        return "{\"message_thread_id\":" + thread + ",\"name\":" + Json.quote(name) + ",\"icon_color\":7322096}";
    }

    public String awaitMessage(long chatId, Predicate<String> matching, Duration timeout) {
        return Await.value(() -> messages(chatId).stream().filter(matching).findFirst(), timeout,
                () -> "no matching message in chat " + chatId + "; got " + messages(chatId));
    }

    public synchronized void reset() {
        calls.clear();
        delivered.clear();
        faulted.clear();
        faults.clear();
        stalledFiles.clear();
        screens.clear();
        rejectAllEntities = false;
        refuseDrafts = 0;
    }

    // ---- serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/file/bot")) {
                serveFile(exchange, path);
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
                return;
            }
            long generation = pollGeneration; // before the fault is taken: see endLongPolls
            String token = path.substring(4, path.indexOf('/', 4));
            String method = path.substring(path.indexOf('/', 4) + 1);
            Map<String, String> params = parseBody(exchange);
            Call call = new Call(method, params, Instant.now(), token);
            synchronized (this) {
                calls.add(call);
                sinceStart.add(call);
            }
            if (!TOKEN.equals(token)) {
                answer(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            Fault fault = nextFault(method, params);
            if (fault != null) {
                synchronized (this) {
                    faulted.add(Map.entry(call, fault.code()));
                }
                pause(fault.delay());
                if (fault.code() == DROP) {
                    return; // closing the exchange without response headers drops the connection
                }
                if (fault.code() != 200) {
                    answer(exchange, fault.code(), error(fault));
                    return;
                }
            }
            String refusal = editRefusal(method, params);
            if (refusal != null) {
                answer(exchange, 400, "{\"ok\":false,\"error_code\":400,\"description\":" + Json.quote(refusal) + "}");
                return;
            }
            String result = method.equals("getUpdates") ? takeUpdates(params, generation) : result(method, params);
            synchronized (this) {
                delivered.add(call);
            }
            answer(exchange, 200, "{\"ok\":true,\"result\":" + result + "}");
        }
    }

    private Fault nextFault(String method, Map<String, String> params) {
        Deque<Fault> queue = faults.get(method);
        Fault fault = queue == null ? null : queue.pollFirst();
        if (fault == null && refuseDrafts != 0 && method.equals("sendMessageDraft")) {
            fault = refuseDrafts == 429 ? new Fault(429, "Too Many Requests: retry after 1", 1, Duration.ZERO)
                    : new Fault(refuseDrafts, "Internal Server Error", null, Duration.ZERO);
        }
        if (fault == null && rejectAllEntities && (method.equals("sendMessage") || method.equals("editMessageText"))
                && params.containsKey("parse_mode")) {
            fault = new Fault(400, "Bad Request: can't parse entities: Unsupported start tag at byte offset 0", null, Duration.ZERO);
        }
        return fault;
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String error(Fault fault) {
        String parameters = fault.retryAfter() == null ? "" : ",\"parameters\":{\"retry_after\":" + fault.retryAfter() + "}";
        return "{\"ok\":false,\"error_code\":" + fault.code() + ",\"description\":" + Json.quote(fault.description()) + parameters + "}";
    }

    /** Telegram's 400 for an edit of a message it does not know, or one that would change nothing; null: fine. */
    private String editRefusal(String method, Map<String, String> params) {
        if (!method.equals("editMessageText") && !method.equals("editMessageReplyMarkup")) {
            return null;
        }
        Shown now = screens.getOrDefault(chatOf(params), Map.of()).get(messageOf(params));
        if (now == null) {
            return "Bad Request: message to edit not found";
        }
        String text = method.equals("editMessageText") ? params.getOrDefault("text", "") : now.text();
        if (text.equals(now.text()) && java.util.Objects.equals(params.get("reply_markup"), now.replyMarkup())) {
            return "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
                    + "as a current content and reply markup of the message";
        }
        return null;
    }

    private static long chatOf(Map<String, String> params) {
        return Long.parseLong(params.getOrDefault("chat_id", "0"));
    }

    private static int messageOf(Map<String, String> params) {
        return Integer.parseInt(params.getOrDefault("message_id", "0"));
    }

    /** Shows the message in its chat and answers it as Telegram does (a Message object). */
    private String show(int messageId, Map<String, String> params, String text) {
        String markup = params.get("reply_markup");
        screens.computeIfAbsent(chatOf(params), c -> new ConcurrentHashMap<>()).put(messageId, new Shown(messageId, text, markup));
        return "{\"message_id\":" + messageId + ",\"date\":" + Instant.now().getEpochSecond()
                + ",\"chat\":{\"id\":" + chatOf(params) + ",\"type\":\"private\"},\"text\":" + Json.quote(text)
                + (markup == null ? "" : ",\"reply_markup\":" + markup) + "}";
    }

    private String result(String method, Map<String, String> params) {
        switch (method) {
            case "sendMessage":
                return show(messageIds.incrementAndGet(), params, params.getOrDefault("text", ""));
            case "editMessageText":
                return show(messageOf(params), params, params.getOrDefault("text", ""));
            case "editMessageReplyMarkup":
                return show(messageOf(params), params, screens.get(chatOf(params)).get(messageOf(params)).text());
            case "sendDocument":
                return "{\"message_id\":" + messageIds.incrementAndGet() + ",\"date\":" + Instant.now().getEpochSecond()
                        + ",\"chat\":{\"id\":" + chatOf(params) + ",\"type\":\"private\"},\"document\":{\"file_id\":\"sent\","
                        + "\"file_unique_id\":\"sent\",\"file_name\":" + Json.quote(params.getOrDefault("document", "")) + "}}";
            case "getMe":
                return "{\"id\":123456,\"is_bot\":true,\"first_name\":\"stub\",\"username\":\"stub_bot\""
                        + (topicsInPrivateChats ? ",\"has_topics_enabled\":true" : "") + "}";
            case "createForumTopic":
                return forumTopic(params);
            case "getFile":
                String id = params.getOrDefault("file_id", "");
                byte[] content = files.get(id);
                long size = content == null ? 0 : content.length;
                return "{\"file_id\":" + Json.quote(id) + ",\"file_unique_id\":\"u" + Math.abs(id.hashCode())
                        + "\",\"file_size\":" + size + ",\"file_path\":" + Json.quote(id) + "}";
            default:
                return "true";
        }
    }

    /**
     * Long polling: answers at once when updates at or after the offset are queued, else waits up to
     * timeout. Updates stay queued until a later call's offset confirms them, as at Telegram: an
     * answer lost on its way (a reset, a timeout) loses nothing.
     */
    private String takeUpdates(Map<String, String> params, long generation) {
        synchronized (this) {
            if (++pollsNow > 1) {
                pollsOverlapped++;
            }
        }
        try {
            return waitForUpdates(params, generation);
        } finally {
            synchronized (this) {
                pollsNow--;
            }
        }
    }

    private synchronized String waitForUpdates(Map<String, String> params, long generation) {
        long offset = Long.parseLong(params.getOrDefault("offset", "0"));
        long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(params.getOrDefault("timeout", "0"));
        while (true) {
            updates.removeIf(u -> Json.updateId(u) < offset);
            if (generation != pollGeneration) {
                return "[]";
            }
            if (!updates.isEmpty() || System.currentTimeMillis() >= deadline) {
                return updates.stream().collect(Collectors.joining(",", "[", "]"));
            }
            try {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "[]";
            }
        }
    }

    private void serveFile(HttpExchange exchange, String path) throws IOException {
        String rest = path.substring("/file/bot".length());
        String filePath = rest.substring(rest.indexOf('/') + 1);
        byte[] content = files.get(filePath);
        synchronized (this) {
            calls.add(new Call("file", Map.of("path", filePath), Instant.now(), rest.substring(0, rest.indexOf('/'))));
        }
        if (content == null) {
            answer(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
            return;
        }
        Duration stall = stalledFiles.get(filePath);
        exchange.sendResponseHeaders(200, content.length);
        if (stall != null) {
            exchange.getResponseBody().flush();
            pause(stall);
            return; // the exchange closes short of the length: the client sees a cut body, if it still listens
        }
        exchange.getResponseBody().write(content);
    }

    private static Map<String, String> parseBody(HttpExchange exchange) throws IOException {
        byte[] body = readAll(exchange.getRequestBody());
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (type.startsWith("multipart/form-data")) {
            return Multipart.fields(body, type);
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        String form = new String(body, StandardCharsets.UTF_8);
        for (String source : new String[] {query, form}) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
