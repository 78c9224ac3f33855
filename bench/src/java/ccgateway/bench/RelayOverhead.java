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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Figure 2: from the stub claude writing a turn's {@code result} line (its own time.time_ns(),
 * logged) to the Bot API stub receiving the turn's last sendMessage (its arrival Instant): same
 * machine, same wall clock. Each turn uses a tool first, so its final text is inside the batch
 * window when the result comes: what is measured is the end-of-turn flush, not the window.
 * <p>
 * Baseline: the least any relay pays for the same hop: the bench itself reads the stub claude's
 * stdout through a pipe and, on the result line, makes one sendMessage call to the same stub.
 */
final class RelayOverhead {

    private final Rig rig;

    RelayOverhead(Rig rig) {
        this.rig = rig;
    }

    void figure2(Table table, int chats, int turns) throws Exception {
        for (int c = 0; c < chats; c++) {
            rig.send(chat(c), "/new relay" + c);
            rig.await(chat(c), "Created session 'relay" + c + "'");
        }
        int warmup = Math.max(2, turns / 10);
        List<Long> gateway = new ArrayList<>();
        for (int k = 0; k < warmup + turns; k++) {
            long chat = chat(k % chats);
            String marker = "t" + k + "x";
            rig.send(chat, marker + " #tool");
            rig.await(chat, "echo: " + marker);
            if (k >= warmup) {
                gateway.add(overhead(chat, marker + " #tool", "echo: " + marker));
            }
        }
        Latencies g = new Latencies(gateway);
        Latencies b = baseline(turns);
        table.note("figure 2 gateway " + g + "; baseline (pipe + one sendMessage) " + b);
        table.millis("2. relay result→last message p50 (n=" + g.count() + ")", g.p50(), b.p50(), "—", true);
        table.millis("2. relay result→last message p99", g.p99(), b.p99(), "≤ 25 ms", g.p99() <= 25);
    }

    private static long chat(int c) {
        return 70_000 + c;
    }

    /** Arrival of the last sendMessage carrying the answer, minus the moment its result was written. */
    private long overhead(long chat, String turn, String answer) {
        long written = resultNanos(rig.claude.events(), turn).orElseThrow(() -> new IllegalStateException("no result logged for " + turn));
        Optional<BotApiStub.Call> last = rig.telegram.delivered().stream()
                .filter(c -> c.method().equals("sendMessage") && c.chatId() == chat && c.text() != null && c.text().contains(answer))
                .reduce((a, b) -> b);
        return Rig.epochNanos(last.orElseThrow().at()) - written;
    }

    static Optional<Long> resultNanos(List<JsonObject> events, String turn) {
        return events.stream().filter(e -> "result".equals(e.getString("event")) && turn.equals(e.getString("text", null)))
                .map(e -> e.getJsonNumber("t_ns").longValue()).reduce((a, b) -> b);
    }

    /** The stub claude driven directly: pipe in, pipe out, one sendMessage per result. */
    private Latencies baseline(int turns) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", Stubs.claude().toString(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose");
        builder.environment().put("STUB_CLAUDE_LOG", rig.claude.file().toString());
        builder.environment().put("CCGATEWAY_SESSION", "bench-baseline");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process claude = builder.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI send = URI.create(rig.telegram.url() + "/bot" + BotApiStub.TOKEN + "/sendMessage");
        SynchronousQueue<String> results = new SynchronousQueue<>();
        Thread reader = new Thread(() -> relay(claude, http, send, results), "bench-baseline-reader");
        reader.setDaemon(true);
        reader.start();
        List<Long> overheads = new ArrayList<>();
        try (Writer stdin = new OutputStreamWriter(claude.getOutputStream(), StandardCharsets.UTF_8)) {
            int warmup = Math.max(2, turns / 10);
            for (int k = 0; k < warmup + turns; k++) {
                String turn = "b" + k + "x #tool";
                stdin.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + turn + "\"}}\n");
                stdin.flush();
                String relayed = results.poll(30, TimeUnit.SECONDS);
                if (relayed == null) {
                    throw new IllegalStateException("baseline: no result for " + turn);
                }
                if (k >= warmup) {
                    long written = resultNanos(awaitResultLogged(turn), turn).orElseThrow();
                    BotApiStub.Call call = rig.telegram.delivered().stream()
                            .filter(c -> c.method().equals("sendMessage") && turn.equals(c.text())).reduce((a, b) -> b).orElseThrow();
                    overheads.add(Rig.epochNanos(call.at()) - written);
                }
            }
        } finally {
            claude.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Latencies(overheads);
    }

    private List<JsonObject> awaitResultLogged(String turn) {
        for (int i = 0; i < 400; i++) {
            List<JsonObject> events = rig.claude.events();
            if (resultNanos(events, turn).isPresent()) {
                return events;
            }
            Rig.pause(5);
        }
        throw new IllegalStateException("baseline: result of " + turn + " never logged");
    }

    private static void relay(Process claude, HttpClient http, URI send, SynchronousQueue<String> results) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(claude.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.contains("\"type\":\"result\"")) {
                    continue;
                }
                int at = line.indexOf("\"result\":\"echo: ") + "\"result\":\"echo: ".length();
                String turn = line.substring(at, line.indexOf('"', at));
                String form = Map.of("chat_id", "1", "text", turn).entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
                http.send(HttpRequest.newBuilder(send).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
                results.put(turn);
            }
        } catch (IOException | InterruptedException e) {
            // the process was ended
        }
    }
}
