package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Json;
import ccgateway.testing.SystemGateway;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged gateway in polling mode against a Bot API server that is not quite Telegram:
 * telegram-test-api 4.2.1 from npm (pom.xml installs it into .cache/), started here on loopback.
 * Its sendMessage answers carry {@code date} in milliseconds, which pengrad cannot read, and its
 * getUpdates answers at once whatever the long poll's timeout: each message must still come once,
 * and the idle gateway must not poll in a tight loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramTestApiSystemIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path EMULATOR = Path.of(System.getProperty("it.telegram-test-api.dir", ".cache/telegram-test-api"));

    @RegisterExtension
    static final SystemGateway system = SystemGateway.withStubClaude("emulator");
    static final GatewayProcess gateway = system.gateway();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process emulator;
    private String url;
    /** Every bot message the client has read so far, texts in order. */
    private final List<String> seen = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isRegularFile(EMULATOR.resolve("node_modules/telegram-test-api/package.json")),
                "telegram-test-api is not installed in " + EMULATOR + " (npm missing when mvn verify ran?): skipped");
        int port = freePort();
        url = "http://127.0.0.1:" + port;
        // the package's own API, as its README starts it; stdin's end (our exit) stops it
        String script = "const TelegramServer = require('telegram-test-api');"
                + "const server = new TelegramServer({port: " + port + ", host: '127.0.0.1', storeTimeout: 600});"
                + "server.start().then(() => console.log('listening'));"
                + "process.stdin.on('end', () => server.stop().then(() => process.exit(0)));"
                + "process.stdin.resume();";
        emulator = new ProcessBuilder("node", "-e", script).directory(EMULATOR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(system.root().resolve("emulator.log").toFile())
                .start();
        Await.until(() -> emulatorLog().contains("listening") || !emulator.isAlive(), Duration.ofSeconds(30), this::emulatorLog);
        assertTrue(emulator.isAlive(), "telegram-test-api did not start: " + emulatorLog());
        gateway.env("TELEGRAM_API_URL", url).env("TELEGRAM_MODE", "polling").start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (emulator == null) {
            return;
        }
        try {
            emulator.getOutputStream().close();
        } catch (IOException ignored) {
            // it is going anyway
        }
        if (!emulator.waitFor(5, TimeUnit.SECONDS)) {
            emulator.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void helpIsAnsweredOnce() {
        send("/sendCommand", "/help", true);
        String help = awaitBotMessage(m -> m.contains("ccgateway: your Claude Code sessions"));
        assertTrue(help.contains("/new"), help);
        pause(Duration.ofSeconds(4));
        readBotMessages();
        assertEquals(1, seen.stream().filter(m -> m.contains("ccgateway: your Claude Code sessions")).count(),
                "an answer pengrad could not read is not sent again: " + seen);
    }

    @Test
    @Order(2)
    void newSessionAndAMessageGetTheirAnswers() {
        send("/sendCommand", "/new emu", true);
        String created = awaitBotMessage(m -> m.contains("emu"));
        assertTrue(created.contains("emu"), created);
        send("/sendMessage", "hello emulator", false);
        awaitBotMessage(m -> m.contains("echo: hello emulator"));
    }

    @Test
    @Order(3)
    void anIdleGatewayDoesNotPollInATightLoop() {
        assertTrue(gateway.log().contains("The Bot API answers an empty getUpdates before the long poll"), "the pacing is logged");
        long before = cpuTicks(gateway.pid());
        pause(Duration.ofSeconds(6));
        long used = cpuTicks(gateway.pid()) - before;
        // unpaced, the gateway burned a third of a core here (about 200 ticks in 6 s)
        assertTrue(used < 60, "CPU ticks of an idle gateway in 6 s: " + used);
    }

    // ---- the emulator's client API (lib/modules/telegramClient.js)

    private void send(String route, String text, boolean command) {
        String entities = command ? ",\"entities\":[{\"offset\":0,\"length\":" + text.split(" ")[0].length() + ",\"type\":\"bot_command\"}]" : "";
        String body = "{\"botToken\":" + Json.quote(BotApiStub.TOKEN) + ",\"date\":" + Instant.now().getEpochSecond()
                + ",\"from\":{\"id\":" + USER + ",\"first_name\":\"Test\",\"username\":\"tester\",\"is_bot\":false}"
                + ",\"chat\":{\"id\":" + USER + ",\"first_name\":\"Test\",\"username\":\"tester\",\"type\":\"private\"}"
                + ",\"text\":" + Json.quote(text) + entities + "}";
        JsonObject answer = post(route, body);
        assertTrue(answer.getBoolean("ok"), answer.toString());
    }

    /** The client's getUpdates: the bot's messages to the chat not read yet (each is read once). */
    private void readBotMessages() {
        JsonObject answer = post("/getUpdates", "{\"token\":" + Json.quote(BotApiStub.TOKEN) + ",\"chatId\":" + USER + "}");
        for (JsonValue update : answer.getJsonArray("result")) {
            JsonObject message = update.asJsonObject().getJsonObject("message");
            seen.add(message.getString("text", ""));
        }
    }

    private String awaitBotMessage(java.util.function.Predicate<String> matching) {
        int from = seen.size();
        Await.until(() -> {
            readBotMessages();
            return seen.subList(from, seen.size()).stream().anyMatch(matching);
        }, WAIT, () -> "bot messages so far: " + seen);
        return seen.subList(from, seen.size()).stream().filter(matching).findFirst().orElseThrow();
    }

    private JsonObject post(String route, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + route))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            try (var reader = jakarta.json.Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** utime + stime of the process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String emulatorLog() {
        try {
            Path log = system.root().resolve("emulator.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
