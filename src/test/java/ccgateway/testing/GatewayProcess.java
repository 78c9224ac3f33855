package ccgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway (the microbundle jar) run as a user runs it: a separate process, configured
 * only through environment variables, that a test can restart, SIGTERM or kill -9.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> microArgs = new ArrayList<>();
    private final Path work;
    private final int port;
    private Process process;
    private int starts;

    /** @param name distinguishes the log and temp folders of several gateways in one test */
    public GatewayProcess(String name, BotApiStub telegram, Path dataDir) {
        this.work = Path.of(System.getProperty("it.build.dir", "target"), "system", name + "-" + System.nanoTime());
        this.port = freePort();
        env.put("TELEGRAM_API_URL", telegram.url());
        env.put("TELEGRAM_BOT_TOKEN", BotApiStub.TOKEN);
        env.put("TELEGRAM_ALLOWED_USERS", "1001,1002");
        env.put("TELEGRAM_MODE", "webhook");
        env.put("TELEGRAM_WEBHOOK_SECRET", Webhook.SECRET);
        env.put("CLAUDE_COMMAND", Stubs.claude().toString());
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
    }

    /** Sets (or with null, removes) one environment variable of the next start. */
    public GatewayProcess env(String key, String value) {
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return this;
    }

    /** JVM flags (before {@code -jar}) and Payara Micro options (after the jar) of the next start, added to the usual ones. */
    public GatewayProcess command(List<String> flags, List<String> options) {
        jvmFlags.clear();
        jvmFlags.addAll(flags);
        microArgs.clear();
        microArgs.addAll(options);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Webhook webhook() {
        return new Webhook(url());
    }

    public long pid() {
        return process.pid();
    }

    /** Starts and waits until the startup work is done (/health/started is UP). */
    public GatewayProcess start() {
        try {
            Files.createDirectories(work.resolve("tmp"));
            List<String> command = new ArrayList<>(List.of(javaBin(), "-Djava.io.tmpdir=" + work.resolve("tmp")));
            command.addAll(List.of(System.getProperty("it.jvm.flags", "").trim().split("\\s+")));
            command.addAll(jvmFlags);
            command.addAll(List.of("-jar", System.getProperty("it.bundle", "target/ccgateway-microbundle.jar"), "--port", String.valueOf(port)));
            command.addAll(microArgs);
            command.removeIf(String::isEmpty);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.startsWith("CLAUDE_") || k.startsWith("GATEWAY_"));
            builder.environment().putAll(env);
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(() -> !process.isAlive() || deployFailed() || Webhook.get(url() + "/health/started").startsWith("200"),
                Duration.ofSeconds(150), () -> "gateway did not start; log:\n" + tail());
        if (deployFailed()) {
            throw new AssertionError("the application failed to deploy; log:\n" + tail());
        }
        if (!process.isAlive()) {
            throw new AssertionError("gateway exited with " + process.exitValue() + "; log:\n" + tail());
        }
        return this;
    }

    /** SIGTERM, as systemd stops a service; returns how long the process took to exit. */
    public Duration stop() {
        Instant begin = Instant.now();
        process.toHandle().destroy();
        Await.until(() -> !process.isAlive(), Duration.ofSeconds(60), () -> "gateway ignored SIGTERM");
        return Duration.between(begin, Instant.now());
    }

    /** kill -9: the gateway gets no chance to clean up. */
    public void kill() {
        process.toHandle().destroyForcibly();
        Await.until(() -> !process.isAlive(), Duration.ofSeconds(30), () -> "gateway survived SIGKILL");
    }

    public String log() {
        try {
            Path log = work.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean deployFailed() {
        return log().contains("Exception while loading the app");
    }

    private String tail() {
        String log = log();
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    public int starts() {
        return starts;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            kill();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
