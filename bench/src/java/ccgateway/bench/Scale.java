package ccgateway.bench;

import ccgateway.sessions.entity.Session;
import ccgateway.testing.BotApiStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 5: what a suspended session costs. Two gateways in the same run: one with no session, one
 * with N suspended sessions written to disk beforehand (the files a long-used gateway accumulates).
 * Heap is the live bytes a full GC leaves (jcmd GC.class_histogram); /sessions is timed from the
 * webhook post to the last part's arrival at the Bot API stub, and checked to name every session once.
 */
final class Scale {

    static final long CHAT = 90_000;

    void figure5(Table table, int sessions, int repeats) throws Exception {
        Measured empty;
        try (Rig rig = new Rig("scale-empty")) {
            empty = measure(rig, 0, repeats);
        }
        Measured full;
        try (Rig rig = new Rig("scale-full")) {
            write(rig.dataDir, sessions);
            full = measure(rig, sessions, repeats);
        }
        double perSession = (full.heapBytes - empty.heapBytes) / (double) sessions;
        table.note(String.format("figure 5: heap %d B (no session) vs %d B (%d sessions); start %d vs %d ms; /sessions %s in %d messages, complete: %s",
                empty.heapBytes, full.heapBytes, sessions, empty.start.toMillis(), full.start.toMillis(),
                new Latencies(full.listing), full.parts, full.complete));
        table.row("5. heap per suspended session (" + sessions + " on disk)", String.format("%.0f B", perSession),
                String.format("%.1f MB live heap, no session", empty.heapBytes / 1e6), "—", "—", "—");
        table.millis("5. start to /health/started with " + sessions + " sessions on disk (vs none)", full.start.toMillis(), empty.start.toMillis(),
                "—", true);
        Latencies listing = new Latencies(full.listing);
        Latencies help = new Latencies(full.help);
        table.millis("5. /sessions with " + sessions + " sessions: post→last part p50 (" + full.parts + " messages; baseline /help)",
                listing.p50(), help.p50(), "split, never truncated", full.complete);
    }

    private record Measured(long heapBytes, Duration start, List<Long> listing, List<Long> help, int parts, boolean complete) {
    }

    private Measured measure(Rig rig, int sessions, int repeats) throws Exception {
        rig.gateway(sessions == 0 ? "scale-empty" : "scale-full");
        Duration start = rig.start();
        long heap = liveHeap(rig.current().pid());
        List<Long> listing = new ArrayList<>();
        List<Long> help = new ArrayList<>();
        int parts = 0;
        boolean complete = true;
        timeOne(rig, "/help", 1); // warm-up: the first command after start pays for class loading
        for (int r = 0; r < repeats; r++) {
            help.add(timeOne(rig, "/help", 1));
            if (sessions > 0) {
                int before = messages(rig).size();
                long t = timeUntilListed(rig, sessions);
                listing.add(t);
                List<String> got = messages(rig).subList(before, messages(rig).size());
                parts = got.size();
                complete &= namesEachOnce(got, sessions) && got.stream().allMatch(m -> m.length() <= 4096);
            }
        }
        rig.current().stop();
        return new Measured(heap, start, listing, help, parts, complete);
    }

    private static List<String> messages(Rig rig) {
        return rig.telegram.messages(CHAT);
    }

    /** Posts a command, returns nanoseconds until {@code count} new messages arrived. */
    private long timeOne(Rig rig, String command, int count) {
        int before = messages(rig).size();
        Instant sent = Instant.now();
        rig.send(CHAT, command);
        rig.telegram.awaitMessages(CHAT, before + count, Rig.WAIT);
        BotApiStub.Call last = lastCall(rig);
        return Rig.epochNanos(last.at()) - Rig.epochNanos(sent);
    }

    private long timeUntilListed(Rig rig, int sessions) {
        int before = messages(rig).size();
        Instant sent = Instant.now();
        rig.send(CHAT, "/sessions");
        ccgateway.testing.Await.until(() -> countNames(messages(rig).subList(before, messages(rig).size())) >= sessions, Rig.WAIT,
                () -> "listing incomplete");
        return Rig.epochNanos(lastCall(rig).at()) - Rig.epochNanos(sent);
    }

    private static BotApiStub.Call lastCall(Rig rig) {
        return rig.telegram.delivered().stream().filter(c -> c.method().equals("sendMessage") && c.chatId() == CHAT)
                .reduce((a, b) -> b).orElseThrow();
    }

    private static final Pattern NAME = Pattern.compile("\\bk(\\d+) \\(");

    private static int countNames(List<String> messages) {
        int n = 0;
        for (String m : messages) {
            Matcher matcher = NAME.matcher(m);
            while (matcher.find()) {
                n++;
            }
        }
        return n;
    }

    private static boolean namesEachOnce(List<String> messages, int sessions) {
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (String m : messages) {
            Matcher matcher = NAME.matcher(m);
            while (matcher.find()) {
                seen.add(Integer.parseInt(matcher.group(1)));
                total++;
            }
        }
        return seen.size() == sessions && total == sessions;
    }

    /** N suspended sessions with history, as a gateway used for a long time leaves them. */
    static void write(Path dataDir, int sessions) throws IOException {
        Instant now = Instant.now();
        for (int i = 0; i < sessions; i++) {
            String name = "k" + i;
            Session s = Session.create(name, "default", "", 600, CHAT, now.minusSeconds(i)).withHistory("hist-" + i);
            Path meta = dataDir.resolve("sessions").resolve(name).resolve(".ccgateway");
            Files.createDirectories(meta);
            Files.writeString(meta.resolve("session.json"), s.toJson(), StandardCharsets.UTF_8);
        }
    }

    /** Live heap after a full GC, from the class histogram's total. */
    static long liveHeap(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Matcher total = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(out);
        return total.find() ? Long.parseLong(total.group(2)) : -1;
    }
}
