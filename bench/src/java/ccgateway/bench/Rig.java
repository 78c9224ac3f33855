package ccgateway.bench;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bench scenario's world, all on 127.0.0.1: a Bot API stub, a data dir, the stub claude's log,
 * and the packaged gateway started as a process. Closing it kills whatever it started.
 */
final class Rig implements AutoCloseable {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(120);

    final BotApiStub telegram;
    final Path dataDir;
    final StubLog claude;
    final Updates updates = new Updates(1);
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private GatewayProcess gateway;

    Rig(String name) throws IOException {
        Path root = Files.createDirectories(Path.of(System.getProperty("it.build.dir", "target"), "bench"));
        Path dir = Files.createTempDirectory(root, name + "-");
        dataDir = Files.createDirectories(dir.resolve("data"));
        telegram = new BotApiStub();
        claude = new StubLog(dir.resolve("claude.log"));
    }

    /** A gateway on this rig's data dir; not started yet. */
    GatewayProcess gateway(String name) {
        gateway = new GatewayProcess(name, telegram, dataDir)
                .env("STUB_CLAUDE_LOG", claude.file().toString())
                .env("STUB_CLAUDE_HISTORY_DIR", claude.file().resolveSibling("history").toString());
        gateways.add(gateway);
        return gateway;
    }

    GatewayProcess current() {
        return gateway;
    }

    /** Starts the current gateway; returns the wall time from process start to /health/started. */
    Duration start() {
        Instant begin = Instant.now();
        gateway.start();
        return Duration.between(begin, Instant.now());
    }

    void send(long chat, String text) {
        int status = gateway.webhook().post(updates.text(USER, chat, text));
        if (status != 200) {
            throw new IllegalStateException("webhook answered " + status + " to " + text);
        }
    }

    String await(long chat, String fragment) {
        return telegram.awaitMessage(chat, m -> m.contains(fragment), WAIT);
    }

    /** The duration the gateway logged for its n-th start-up orphan cleanup (0-based), in ms. */
    long reapMillis(int start) {
        return nth(logged("Cleaned up \\d+ orphaned subprocesses in (\\d+) ms"), start);
    }

    /** What the gateway logged its own part of the last shutdown took (ending children), or -1. */
    long shutdownMillis() {
        List<Long> found = logged("terminated \\d+ child processes at shutdown in (\\d+) ms");
        return nth(found, found.size() - 1);
    }

    /** The number of orphans the gateway reported for its n-th start (0-based). */
    int reaped(int start) {
        return (int) nth(logged("Cleaned up (\\d+) orphaned subprocesses"), start);
    }

    /** The first group of every match of {@code regex} in the gateway's log, in order. */
    private List<Long> logged(String regex) {
        Matcher m = Pattern.compile(regex).matcher(gateway.log());
        List<Long> found = new ArrayList<>();
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        return found;
    }

    private static long nth(List<Long> found, int n) {
        return n >= 0 && n < found.size() ? found.get(n) : -1;
    }

    static String get(String url) {
        return Webhook.get(url);
    }

    /** Nanoseconds since the epoch of a stub call's arrival: comparable with the stub claude's time.time_ns(). */
    static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    @Override
    public void close() {
        gateways.forEach(GatewayProcess::close);
        telegram.close();
        ccgateway.supervision.control.ProcessTree.marked(
                ccgateway.supervision.control.ProcessTree.Marker.anySession(dataDir.toString())).forEach(ProcessHandle::destroyForcibly);
        // the stub claude's grandchildren would carry the marker too; the bench starts none
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
