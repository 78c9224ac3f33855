package ccgateway.bench;

import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Figures 1 and 6: how long Telegram waits for the webhook's 200, against {@code GET /version} of
 * the same deployment (the container's own cost), interleaved in blocks so that both see the same
 * noise. Each update is a message from an allowed user in one of 50 chats, so the gateway also does
 * its real downstream work (a reply to the Bot API stub) while it acknowledges the next ones; 1b
 * without the reply (edits), 1c with a fifth of the updates button presses (callback_query).
 */
final class AckLatency {

    static final int CHATS = 50;

    private final Rig rig;
    private final Load load = new Load();
    private final AtomicLong updateIds = new AtomicLong(1_000_000);
    private final String webhook;
    private final String version;

    AckLatency(Rig rig) {
        this.rig = rig;
        this.webhook = rig.current().url() + "/telegram/webhook";
        this.version = rig.current().url() + "/version";
    }

    private IntFunction<HttpRequest> updates() {
        return i -> Load.post(webhook, Webhook.SECRET, Updates.text(updateIds.getAndIncrement(), Rig.USER, 60_000 + i % CHATS, "hello " + i));
    }

    /** The same updates as edits of earlier messages: checked, recorded and sequenced, then ignored (no reply). */
    private IntFunction<HttpRequest> edits() {
        return i -> Load.post(webhook, Webhook.SECRET,
                Updates.text(updateIds.getAndIncrement(), Rig.USER, 60_000 + i % CHATS, "hello " + i).replace("\"message\":", "\"edited_message\":"));
    }

    /**
     * Figure 1's updates with every fifth one a button press by the same user under a message the
     * bot sent that chat, whose data names no pending request (a press after the prompt was
     * answered): checked, recorded, sequenced, then answered "no longer pending" and its buttons removed.
     */
    private IntFunction<HttpRequest> withPresses(Map<Long, Integer> shownMessage) {
        return i -> {
            long chat = 60_000 + i % CHATS;
            long id = updateIds.getAndIncrement();
            return Load.post(webhook, Webhook.SECRET, i % 5 == 4
                    ? Updates.callback(id, chat, Rig.USER, shownMessage.get(chat), "stale" + i + ":y")
                    : Updates.text(id, Rig.USER, chat, "hello " + i));
        };
    }

    private IntFunction<HttpRequest> versions() {
        return i -> Load.get(version);
    }

    /** Figure 1: at {@code rate}/s, blocks of one second alternating webhook and /version. */
    void figure1(Table table, double rate, int seconds, int warmupSeconds) {
        int block = (int) rate;
        load.run(block * warmupSeconds, rate, updates());
        load.run(block * warmupSeconds, rate, versions());
        List<Long> hooks = new ArrayList<>();
        List<Long> base = new ArrayList<>();
        int failures = 0;
        for (int s = 0; s < seconds; s++) {
            Load.Result h = load.run(block, rate, updates());
            Load.Result b = load.run(block, rate, versions());
            failures += h.failed() + h.non2xx() + b.failed() + b.non2xx();
            addAll(hooks, h);
            addAll(base, b);
        }
        Latencies w = new Latencies(hooks);
        Latencies v = new Latencies(base);
        table.note("figure 1 webhook " + w + "; /version " + v + "; failed or non-2xx: " + failures);
        String at = String.format(" (%.0f/s, %d chats, n=%d)", rate, CHATS, w.count());
        table.millis("1. webhook ack p50" + at, w.p50(), v.p50(), "—", true);
        table.millis("1. webhook ack p99" + at, w.p99(), v.p99(), "≤ 10 ms and ≤ 1.5×", w.p99() <= 10 && w.p99() <= 1.5 * v.p99());
        table.millis("1. webhook ack p99.9" + at, w.p999(), v.p999(), "—", true);

        // the acknowledgement alone: the same path (secret, parse, durable id, sequencing) without
        // the reply each message causes, which shares the same two cores with the next requests
        List<Long> silent = new ArrayList<>();
        List<Long> silentBase = new ArrayList<>();
        for (int s = 0; s < Math.max(1, seconds / 2); s++) {
            addAll(silent, load.run(block, rate, edits()));
            addAll(silentBase, load.run(block, rate, versions()));
        }
        Latencies e = new Latencies(silent);
        Latencies eb = new Latencies(silentBase);
        table.note("figure 1b webhook, edits (no reply) " + e + "; /version " + eb);
        table.millis("1b. webhook ack p99, updates that cause no reply (n=" + e.count() + ")", e.p99(), eb.p99(), "context for 1", true);

        // SPEC §9 adds callback_query: the same load with a fifth of it stale button presses
        Map<Long, Integer> shownMessage = new HashMap<>();
        for (int c = 0; c < CHATS; c++) {
            long chat = 60_000 + c;
            shownMessage.put(chat, rig.telegram.shown(chat).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("nothing shown in chat " + chat)).messageId());
        }
        List<Long> pressed = new ArrayList<>();
        List<Long> pressedBase = new ArrayList<>();
        int pressFailures = 0;
        for (int s = 0; s < Math.max(1, seconds / 2); s++) {
            Load.Result h = load.run(block, rate, withPresses(shownMessage));
            Load.Result b = load.run(block, rate, versions());
            pressFailures += h.failed() + h.non2xx() + b.failed() + b.non2xx();
            addAll(pressed, h);
            addAll(pressedBase, b);
        }
        Latencies p = new Latencies(pressed);
        Latencies pb = new Latencies(pressedBase);
        table.note("figure 1c webhook, messages with 1 in 5 a stale button press " + p + "; /version " + pb + "; failed or non-2xx: " + pressFailures);
        table.millis("1c. webhook ack p99, 1 in 5 updates a button press (callback_query) (n=" + p.count() + ")", p.p99(), pb.p99(),
                "≤ 10 ms and ≤ 1.5×", p.p99() <= 10 && p.p99() <= 1.5 * pb.p99());
    }

    private static void addAll(List<Long> into, Load.Result result) {
        for (long nanos : result.latencies().values()) {
            into.add(nanos);
        }
    }

    /** Figure 6: steps up the rate until p99 passes 100 ms (or requests fail, or the client cannot keep up). */
    void figure6(Table table, double[] rates, int seconds) {
        double bestHook = highest(rates, seconds, updates(), "webhook", table);
        double bestVersion = highest(rates, seconds, versions(), "/version", table);
        table.row("6. sustained updates/s with p99 ≤ 100 ms (steps " + (int) rates[0] + "…" + (int) rates[rates.length - 1] + ", " + seconds + " s each)",
                String.format("%.0f/s", bestHook), String.format("%.0f/s (/version)", bestVersion),
                bestVersion > 0 ? String.format("%.2f×", bestHook / bestVersion) : "n/a", "as high as the baseline allows", "—");
    }

    private double highest(double[] rates, int seconds, IntFunction<HttpRequest> requests, String what, Table table) {
        double best = 0;
        for (double rate : rates) {
            Load.Result r = load.run((int) (rate * seconds), rate, requests);
            boolean ok = r.clean() && r.latencies().p99() <= 100 && r.achievedRate() >= 0.9 * rate;
            table.note(String.format("figure 6 %s at %.0f/s (achieved %.0f/s): %s, failed %d, non-2xx %d -> %s",
                    what, rate, r.achievedRate(), r.latencies(), r.failed(), r.non2xx(), ok ? "ok" : "over"));
            if (!ok) {
                break;
            }
            best = rate;
            Rig.pause(1000); // let the previous step's downstream replies drain
        }
        return best;
    }

    /** What one durable append costs on the data dir's disk: what the ledger's background fsync takes after each batch of ids. */
    static void fsync(Table table, Path dir, int count) throws IOException {
        Path file = dir.resolve("fsync-probe");
        long[] force = new long[count];
        long[] write = new long[count];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                long begin = System.nanoTime();
                channel.write(ByteBuffer.wrap((i + "\n").getBytes()));
                long written = System.nanoTime();
                channel.force(false);
                force[i] = System.nanoTime() - begin;
                write[i] = written - begin;
            }
        }
        Files.deleteIfExists(file);
        Latencies f = new Latencies(force);
        Latencies w = new Latencies(write);
        table.note("disk: append+fsync " + f + "; append alone " + w);
        table.millis("1a. append+fsync of one id on the data dir's disk p99 (n=" + count + ")", f.p99(), w.p99(), "context for 1", true);
    }

    void close() {
        load.close();
    }
}
