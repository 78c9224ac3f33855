package ccgateway.bench;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.Stubs;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Figures 7 and 8: steering Claude from the chat (SPEC §9), one request at a time over a few
 * sessions (idle timeout 60 min), each timed between two stubs on the same wall clock.
 * <ul>
 * <li>7a: the stub claude writes {@code can_use_tool} (its "ask" event's t_ns) → the Bot API stub
 * receives the prompt, a sendMessage with an inline keyboard (its arrival Instant).
 * <li>7b: the bench posts the owner's press of {@code Allow} to the webhook (Instant just before
 * the POST) → the stub claude reads the {@code control_response} (its "control" event,
 * direction=response).
 * <li>8: the bench posts {@code /cancel} while a Bash tool runs → the stub claude reads the
 * {@code interrupt} request (its "control" event, direction=request).
 * </ul>
 * Baselines: for 7a the least any gateway pays for the same hop: the bench drives a stub claude
 * itself and makes one sendMessage with the same keyboard when it reads {@code can_use_tool}. For 7b
 * and 8, one {@code GET /version} of the same deployment right before each press or /cancel (the
 * container's cost of one request at that moment); the floor of the last hop, the bench writing the
 * answer or the interrupt to that stub claude's stdin (write → read), is in the notes.
 */
final class SteeringLatency {

    /** How long a person takes at least: the press or /cancel does not race the previous step's tail. */
    private static final long THINK_MILLIS = 50;
    private static final Pattern ALLOW = Pattern.compile("\"text\":\"Allow\",\"callback_data\":\"([^\"]+)\"|\"callback_data\":\"([^\"]+)\",\"text\":\"Allow\"");

    private final Rig rig;

    SteeringLatency(Rig rig) {
        this.rig = rig;
    }

    private static long chat(int c) {
        return 80_000 + c;
    }

    private List<String> sessions(String base, int chats) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            String name = base + c;
            rig.send(chat(c), "/new " + name);
            rig.await(chat(c), "Created session '" + name + "'");
            rig.send(chat(c), "/timeout 60");
            rig.await(chat(c), "Idle timeout set to 60 minutes for session '" + name + "'");
            names.add(name);
        }
        return names;
    }

    /** One approval round trip as the bench saw it; the stub claude's side is read from its log afterwards. */
    private record Round(long chat, String session, String marker, long promptArrived, long pressed, long ackNanos, long versionNanos) {
    }

    void figure7(Table table, int chats, int warmup, int rounds) throws Exception {
        List<String> names = sessions("appr", chats);
        List<Round> measured = new ArrayList<>();
        for (int k = 0; k < warmup + rounds; k++) {
            int c = k % chats;
            long chat = chat(c);
            String marker = "a" + k + "x";
            rig.send(chat, marker + " #bash=echo " + marker);
            BotApiStub.Call prompt = poll(() -> rig.telegram.delivered().stream()
                    .filter(call -> call.method().equals("sendMessage") && call.chatId() == chat && call.params().containsKey("reply_markup")
                            && call.text() != null && call.text().contains("echo " + marker))
                    .findFirst(), "the prompt for " + marker);
            BotApiStub.Shown shown = poll(() -> rig.telegram.shown(chat).stream()
                    .filter(s -> s.hasButtons() && s.text().contains("echo " + marker)).findFirst(), "the prompt shown for " + marker);
            Rig.pause(THINK_MILLIS);
            long version = versionRoundTrip();
            String press = rig.updates.callback(chat, Rig.USER, shown.messageId(), allowData(shown.replyMarkup()));
            long pressed = Rig.epochNanos(Instant.now());
            long begin = System.nanoTime();
            int status = rig.current().webhook().post(press);
            long ack = System.nanoTime() - begin;
            if (status != 200) {
                throw new IllegalStateException("webhook answered " + status + " to the press for " + marker);
            }
            rig.await(chat, "ran: echo " + marker + " (exit 0)");
            if (k >= warmup) {
                measured.add(new Round(chat, names.get(c), marker, Rig.epochNanos(prompt.at()), pressed, ack, version));
            }
        }
        List<JsonObject> events = rig.claude.events();
        List<Long> toPrompt = new ArrayList<>();
        List<Long> toAnswer = new ArrayList<>();
        List<Long> acks = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        List<BotApiStub.Call> calls = rig.telegram.calls();
        Map<String, Integer> before = new java.util.TreeMap<>();
        for (Round r : measured) {
            JsonObject ask = events.stream().filter(e -> "ask".equals(e.getString("event")) && r.session().equals(e.getString("session", null))
                    && ("echo " + r.marker()).equals(e.getJsonObject("input").getString("command", null))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no ask logged for " + r.marker()));
            String requestId = ask.getString("request_id");
            JsonObject answer = events.stream().filter(e -> "control".equals(e.getString("event")) && "response".equals(e.getString("direction", null))
                    && requestId.equals(e.getString("request_id", null))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no answer logged for " + r.marker()));
            if (!"allow".equals(answer.getString("behavior", null)) || !"matched".equals(answer.getString("outcome", null))) {
                throw new IllegalStateException("the press for " + r.marker() + " reached claude as " + answer);
            }
            toPrompt.add(r.promptArrived() - nanos(ask));
            // what the chat's queue sent between the ask and the prompt: the prompt waits behind it
            calls.stream().filter(call -> call.chatId() == r.chat() && Rig.epochNanos(call.at()) >= nanos(ask)
                    && Rig.epochNanos(call.at()) < r.promptArrived())
                    .forEach(call -> before.merge(call.method() + (call.text() != null && call.text().startsWith("🔧") ? " (tool line)" : ""), 1, Integer::sum));
            toAnswer.add(nanos(answer) - r.pressed());
            acks.add(r.ackNanos());
            versions.add(r.versionNanos());
        }
        Latencies a = new Latencies(toPrompt);
        Latencies b = new Latencies(toAnswer);
        Latencies w = new Latencies(acks);
        Latencies v = new Latencies(versions);
        Baseline base = baseline(Math.max(2, warmup / 2), rounds, 0, 0);
        table.note("figure 7a can_use_tool → prompt at the Bot API stub " + a + "; baseline (pipe + one sendMessage) " + base.prompt
                + "; calls of the same chat that reached the Bot API stub in between, in " + a.count() + " prompts: " + before);
        table.note("figure 7b press POST → control_response read " + b + "; baseline GET /version just before each press " + v
                + "; pipe write → read " + base.answer + "; the press's own webhook 200 " + w);
        String n = " (n=" + a.count() + ", " + chats + " sessions)";
        table.millis("7a. approval: can_use_tool → prompt with buttons at the Bot API, p50" + n, a.p50(), base.prompt.p50(), "—", true);
        table.millis("7a. approval: can_use_tool → prompt with buttons at the Bot API, p99", a.p99(), base.prompt.p99(), "≤ 25 ms", a.p99() <= 25);
        table.millis("7a. … max", a.maxMillis(), base.prompt.maxMillis(), "—", true);
        table.millis("7b. approval: press POST → control_response on claude's stdin, p50" + n, b.p50(), v.p50(), "—", true);
        table.millis("7b. approval: press POST → control_response on claude's stdin, p99", b.p99(), v.p99(), "≤ 10 ms", b.p99() <= 10);
        table.millis("7b. … max", b.maxMillis(), v.maxMillis(), "—", true);
    }

    /** One /cancel as the bench saw it. */
    private record Cancel(String session, int nth, long posted, long versionNanos) {
    }

    void figure8(Table table, int chats, int warmup, int rounds) throws Exception {
        List<String> names = sessions("cancel", chats);
        int[] cancels = new int[chats];
        List<Cancel> measured = new ArrayList<>();
        for (int k = 0; k < warmup + rounds; k++) {
            int c = k % chats;
            long chat = chat(c);
            String marker = "c" + k + "x";
            Path started = rig.dataDir.resolve("sessions").resolve(names.get(c)).resolve(marker + ".started");
            // "touch *" is always allowed after the first press: from then on the tool runs unasked
            rig.send(chat, marker + " #bash=touch " + marker + ".started; sleep 60");
            if (k < chats) {
                BotApiStub.Shown shown = poll(() -> rig.telegram.shown(chat).stream()
                        .filter(s -> s.hasButtons() && s.text().contains(marker + ".started")).findFirst(), "the prompt for " + marker);
                int status = rig.current().webhook().post(rig.updates.callback(chat, Rig.USER, shown.messageId(),
                        allowData(shown.replyMarkup()).replaceAll(":y$", ":a")));
                if (status != 200) {
                    throw new IllegalStateException("webhook answered " + status + " to Always allow");
                }
            }
            poll(() -> Optional.of(started).filter(Files::exists), "the tool of " + marker);
            Rig.pause(THINK_MILLIS);
            long version = versionRoundTrip();
            long before = rig.telegram.messages(chat).stream().filter("Cancelled."::equals).count();
            long posted = Rig.epochNanos(Instant.now());
            rig.send(chat, "/cancel");
            poll(() -> Optional.of(true).filter(t -> rig.telegram.messages(chat).stream().filter("Cancelled."::equals).count() > before),
                    "Cancelled. for " + marker);
            // the interrupted turn's result ends the busy time before the next message
            poll(() -> Optional.of(true).filter(t -> resultLogged(names.get(c), marker)), "the interrupted result of " + marker);
            if (k >= warmup) {
                measured.add(new Cancel(names.get(c), cancels[c], posted, version));
            }
            cancels[c]++;
        }
        List<JsonObject> events = rig.claude.events();
        List<Long> toInterrupt = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        for (Cancel x : measured) {
            List<JsonObject> interrupts = events.stream().filter(e -> "control".equals(e.getString("event")) && "request".equals(e.getString("direction", null))
                    && "interrupt".equals(e.getString("subtype", null)) && x.session().equals(e.getString("session", null))).toList();
            if (interrupts.size() != cancels[names.indexOf(x.session())]) {
                throw new IllegalStateException(x.session() + ": " + interrupts.size() + " interrupts for " + cancels[names.indexOf(x.session())] + " /cancel");
            }
            toInterrupt.add(nanos(interrupts.get(x.nth())) - x.posted());
            versions.add(x.versionNanos());
        }
        Latencies i = new Latencies(toInterrupt);
        Baseline base = baseline(0, 0, Math.max(2, warmup / 2), rounds);
        Latencies floor = base.interrupt;
        Latencies v = new Latencies(versions);
        table.note("figure 8 /cancel POST → interrupt read " + i + "; baseline GET /version just before each /cancel " + v
                + "; pipe write → read " + floor);
        String n = " (n=" + i.count() + ", " + chats + " sessions, a Bash tool running)";
        table.millis("8. /cancel POST → interrupt on claude's stdin, p50" + n, i.p50(), v.p50(), "—", true);
        table.millis("8. /cancel POST → interrupt on claude's stdin, p99", i.p99(), v.p99(), "≤ 10 ms", i.p99() <= 10);
        table.millis("8. … max", i.maxMillis(), v.maxMillis(), "—", true);
    }

    /** One GET /version of the same deployment, sequential, on the same client as the press: the container's own cost. */
    private long versionRoundTrip() {
        long begin = System.nanoTime();
        String answer = Rig.get(rig.current().url() + "/version");
        if (!answer.startsWith("200")) {
            throw new IllegalStateException("/version answered " + answer);
        }
        return System.nanoTime() - begin;
    }

    private boolean resultLogged(String session, String marker) {
        return rig.claude.events().stream().anyMatch(e -> "result".equals(e.getString("event")) && session.equals(e.getString("session", null))
                && e.getString("text", "").startsWith(marker + " "));
    }

    private static String allowData(String replyMarkup) {
        Matcher m = ALLOW.matcher(replyMarkup);
        if (!m.find()) {
            throw new IllegalStateException("no Allow button in " + replyMarkup);
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static long nanos(JsonObject event) {
        return event.getJsonNumber("t_ns").longValue();
    }

    private static <T> T poll(Supplier<Optional<T>> probe, String what) {
        long deadline = System.nanoTime() + Rig.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Rig.pause(5);
        }
        throw new IllegalStateException("bench: waited " + Rig.WAIT.toSeconds() + " s for " + what);
    }

    private record Baseline(Latencies prompt, Latencies answer, Latencies interrupt) {
    }

    /**
     * The stub claude driven by the bench itself: {@code approvals} rounds of can_use_tool → one
     * sendMessage with the keyboard → the answer written, then {@code interrupts} rounds of a running
     * tool interrupted; the warm-up rounds of each are not counted.
     */
    private Baseline baseline(int warmup, int approvals, int interruptWarmup, int interrupts) throws Exception {
        Path cwd = Files.createTempDirectory(rig.dataDir, "baseline-");
        ProcessBuilder builder = new ProcessBuilder("python3", Stubs.claude().toString(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio").directory(cwd.toFile());
        builder.environment().put("STUB_CLAUDE_LOG", rig.claude.file().toString());
        builder.environment().put("CCGATEWAY_SESSION", "bench-baseline-" + cwd.getFileName());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        String session = builder.environment().get("CCGATEWAY_SESSION");
        Process claude = builder.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI send = URI.create(rig.telegram.url() + "/bot" + BotApiStub.TOKEN + "/sendMessage");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(claude, http, send, lines), "bench-baseline-reader");
        reader.setDaemon(true);
        reader.start();
        List<Long> written = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        List<Long> interruptsWritten = new ArrayList<>();
        try (Writer stdin = new OutputStreamWriter(claude.getOutputStream(), StandardCharsets.UTF_8)) {
            for (int k = 0; k < warmup + approvals; k++) {
                String marker = "ba" + k + "x";
                write(stdin, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + marker + " #bash=echo " + marker + "\"}}");
                String ask = take(lines, l -> l.contains("\"can_use_tool\""), "baseline ask " + marker);
                Rig.pause(THINK_MILLIS);
                long at = Rig.epochNanos(Instant.now());
                write(stdin, "{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"" + requestId(ask)
                        + "\",\"response\":{\"behavior\":\"allow\"}}}");
                take(lines, l -> l.contains("\"type\":\"result\""), "baseline result " + marker);
                if (k >= warmup) {
                    markers.add(marker);
                    written.add(at);
                }
            }
            for (int k = 0; k < interruptWarmup + interrupts; k++) {
                String marker = "bc" + k + "x";
                write(stdin, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + marker + " #bash=touch " + marker + ".started; sleep 60\"}}");
                if (k == 0) {
                    String ask = take(lines, l -> l.contains("\"can_use_tool\""), "baseline ask " + marker);
                    write(stdin, "{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"" + requestId(ask)
                            + "\",\"response\":{\"behavior\":\"allow\",\"updatedPermissions\":[{\"type\":\"addRules\",\"rules\":[{\"toolName\":\"Bash\","
                            + "\"ruleContent\":\"touch *\"}],\"behavior\":\"allow\",\"destination\":\"session\"}]}}}");
                }
                Path started = cwd.resolve(marker + ".started");
                poll(() -> Optional.of(started).filter(Files::exists), "baseline tool " + marker);
                Rig.pause(THINK_MILLIS);
                long at = Rig.epochNanos(Instant.now());
                write(stdin, "{\"type\":\"control_request\",\"request_id\":\"bench-int-" + k + "\",\"request\":{\"subtype\":\"interrupt\",\"cancel_queued\":true}}");
                take(lines, l -> l.contains("\"type\":\"result\""), "baseline interrupted result " + marker);
                if (k >= interruptWarmup) {
                    interruptsWritten.add(at);
                }
            }
        } finally {
            claude.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<JsonObject> events = rig.claude.events().stream().filter(e -> session.equals(e.getString("session", null))).toList();
        List<Long> prompt = new ArrayList<>();
        List<Long> answer = new ArrayList<>();
        for (int i = 0; i < markers.size(); i++) {
            String marker = markers.get(i);
            JsonObject ask = events.stream().filter(e -> "ask".equals(e.getString("event"))
                    && ("echo " + marker).equals(e.getJsonObject("input").getString("command", null))).findFirst().orElseThrow();
            String id = ask.getString("request_id");
            BotApiStub.Call call = rig.telegram.delivered().stream()
                    .filter(c -> c.method().equals("sendMessage") && ("baseline " + id).equals(c.text())).findFirst().orElseThrow();
            prompt.add(Rig.epochNanos(call.at()) - nanos(ask));
            JsonObject read = events.stream().filter(e -> "control".equals(e.getString("event")) && "response".equals(e.getString("direction", null))
                    && id.equals(e.getString("request_id", null))).findFirst().orElseThrow();
            answer.add(nanos(read) - written.get(i));
        }
        List<JsonObject> reads = events.stream().filter(e -> "control".equals(e.getString("event")) && "interrupt".equals(e.getString("subtype", null))).toList();
        List<Long> interrupt = new ArrayList<>();
        for (int i = 0; i < interruptsWritten.size(); i++) {
            interrupt.add(nanos(reads.get(reads.size() - interruptsWritten.size() + i)) - interruptsWritten.get(i));
        }
        return new Baseline(new Latencies(prompt), new Latencies(answer), new Latencies(interrupt));
    }

    private static void write(Writer stdin, String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    private static String take(BlockingQueue<String> lines, java.util.function.Predicate<String> matching, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Rig.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && matching.test(line)) {
                return line;
            }
        }
        throw new IllegalStateException("bench: no " + what);
    }

    private static String requestId(String line) {
        Matcher m = Pattern.compile("\"request_id\":\"([^\"]+)\"").matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("no request_id in " + line);
        }
        return m.group(1);
    }

    /** Every stdout line into the queue; a can_use_tool first makes the one sendMessage with buttons any relay must make. */
    private static void read(Process claude, HttpClient http, URI send, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(claude.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("\"can_use_tool\"")) {
                    String id = requestId(line);
                    String keyboard = "{\"inline_keyboard\":[[{\"text\":\"Allow\",\"callback_data\":\"" + id.substring(0, 8) + ":y\"},"
                            + "{\"text\":\"Always allow\",\"callback_data\":\"" + id.substring(0, 8) + ":a\"},"
                            + "{\"text\":\"Deny\",\"callback_data\":\"" + id.substring(0, 8) + ":n\"}]]}";
                    String form = Map.of("chat_id", "2", "text", "baseline " + id, "reply_markup", keyboard).entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
                    http.send(HttpRequest.newBuilder(send).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
                }
                lines.add(line);
            }
        } catch (IOException | InterruptedException e) {
            // the process was ended
        }
    }
}
