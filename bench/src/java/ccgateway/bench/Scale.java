package ccgateway.bench;

import ccgateway.sessions.entity.Session;
import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Figure 5: what a suspended session costs. Two gateways in the same run, started in turns: one with
 * no session, one with N suspended sessions written to disk beforehand (the files a long-used gateway
 * accumulates). Heap is the live bytes a full GC leaves (jcmd GC.class_histogram); start-up is process
 * start to /health/started, and the load of the metadata as the gateway logs it; /sessions is timed
 * from the webhook post to the arrival of its last part at the Bot API stub, and every answer is
 * checked line by line: each session named exactly once, most recently active first, in SPEC §4's
 * format, each part within Telegram's limit.
 */
final class Scale {

    static final long CHAT = 90_000;
    static final int TELEGRAM_LIMIT = 4096;
    private static final Pattern LINE = Pattern.compile("(?:→ )?(?:🟢|⚪) k(\\d+) \\(default\\) - (?:just now|\\d+[mhd] ago)");
    private static final Pattern LOADED = Pattern.compile("Loaded (\\d+) sessions in (\\d+) ms");

    /**
     * @param starts how many times each gateway is started (alternately): start-up and heap are the medians
     * @param repeats how many /sessions and /help are timed, in the first start of each, after one warm-up
     */
    void figure5(Table table, int sessions, int starts, int repeats) throws Exception {
        List<Run> none = new ArrayList<>();
        List<Run> many = new ArrayList<>();
        try (Rig empty = new Rig("scale-empty"); Rig full = new Rig("scale-full")) {
            write(full.dataDir, sessions);
            for (int round = 0; round < starts; round++) {
                none.add(run(empty, 0, round == 0 ? repeats : 0, round));
                many.add(run(full, sessions, round == 0 ? repeats : 0, round));
            }
        }
        report(table, sessions, none, many);
    }

    /** One start of one gateway: start-up, heap, and (when asked) the timed commands. */
    private record Run(Duration start, long startCpuMillis, long loadedMillis, long heapBytes, Map<String, long[]> histogram, long heapAfterBytes,
            List<Long> listing, List<Long> firstPart, List<Long> listingCpuMillis, List<Long> help, int parts, int longestPart, List<String> problems) {
    }

    private Run run(Rig rig, int sessions, int repeats, int round) throws Exception {
        rig.gateway((sessions == 0 ? "scale-empty-" : "scale-full-") + round);
        Duration start = rig.start();
        long startCpu = cpuMillis(rig);
        long loaded = loadedMillis(rig);
        String histogram = histogram(rig.current().pid());
        List<Long> listing = new ArrayList<>();
        List<Long> help = new ArrayList<>();
        List<Long> firstPart = new ArrayList<>();
        List<Long> listingCpu = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int parts = 0;
        int longest = 0;
        long heapAfter = -1;
        if (repeats > 0) {
            timeHelp(rig); // warm-up: the first commands after start pay for class loading and JIT
            if (sessions > 0) {
                timeListing(rig, sessions, new ArrayList<>());
            }
            for (int r = 0; r < repeats; r++) {
                if (sessions > 0) {
                    long cpu = cpuMillis(rig);
                    Listing l = timeListing(rig, sessions, problems);
                    listingCpu.add(cpuMillis(rig) - cpu);
                    listing.add(l.nanos());
                    firstPart.add(l.firstNanos());
                    parts = l.parts();
                    longest = Math.max(longest, l.longest());
                }
                help.add(timeHelp(rig));
            }
            heapAfter = total(histogram(rig.current().pid()));
        }
        rig.current().stop();
        return new Run(start, startCpu, loaded, total(histogram), classes(histogram), heapAfter, listing, firstPart, listingCpu, help, parts,
                longest, problems);
    }

    private static List<BotApiStub.Call> sent(Rig rig) {
        return rig.telegram.delivered().stream().filter(c -> c.method().equals("sendMessage") && c.chatId() == CHAT)
                .collect(Collectors.toList());
    }

    /** Posts /help, returns nanoseconds until its answer (one message) arrived. */
    private static long timeHelp(Rig rig) {
        int before = sent(rig).size();
        Instant posted = Instant.now();
        rig.send(CHAT, "/help");
        Await.until(() -> sent(rig).size() > before, Rig.WAIT, () -> "no answer to /help");
        return Rig.epochNanos(sent(rig).get(before).at()) - Rig.epochNanos(posted);
    }

    private record Listing(long nanos, long firstNanos, int parts, int longest) {
    }

    /**
     * Posts /sessions and waits until every session was named; then a /help, answered in order after
     * the listing's last part, marks where the listing ends, so that parts arriving after the count was
     * reached (duplicates) are seen too. Every check is made on one snapshot of the stub's calls.
     */
    private static Listing timeListing(Rig rig, int sessions, List<String> problems) {
        int before = sent(rig).size();
        Instant posted = Instant.now();
        rig.send(CHAT, "/sessions");
        try {
            Await.until(() -> names(texts(sent(rig), before, Integer.MAX_VALUE)) >= sessions, Rig.WAIT, () -> "");
        } catch (AssertionError incomplete) {
            // a truncated answer is a result to report, not a reason to stop: check() counts what came
            problems.add("listing incomplete after " + Rig.WAIT.toSeconds() + " s");
        }
        rig.send(CHAT, "/help");
        Await.until(() -> texts(sent(rig), before, Integer.MAX_VALUE).stream().anyMatch(m -> m.startsWith(HELP_FIRST_LINE)),
                Rig.WAIT, () -> "no /help after the listing");
        List<BotApiStub.Call> calls = sent(rig);
        int end = before;
        while (!calls.get(end).text().startsWith(HELP_FIRST_LINE)) {
            end++;
        }
        List<String> parts = texts(calls, before, end);
        problems.addAll(check(parts, sessions));
        int longest = parts.stream().mapToInt(String::length).max().orElse(0);
        return new Listing(Rig.epochNanos(calls.get(end - 1).at()) - Rig.epochNanos(posted),
                Rig.epochNanos(calls.get(before).at()) - Rig.epochNanos(posted), parts.size(), longest);
    }

    private static final String HELP_FIRST_LINE = "ccgateway: your Claude Code sessions on Telegram.";

    private static List<String> texts(List<BotApiStub.Call> calls, int from, int to) {
        return calls.subList(from, Math.min(to, calls.size())).stream().map(BotApiStub.Call::text).collect(Collectors.toList());
    }

    private static int names(List<String> parts) {
        int n = 0;
        for (String part : parts) {
            for (String line : part.split("\n")) {
                n += LINE.matcher(line).matches() ? 1 : 0;
            }
        }
        return n;
    }

    /** What a user would find wrong with the answer: each problem once, with its first example. */
    static List<String> check(List<String> parts, int sessions) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        int expected = 0;
        for (String part : parts) {
            if (part.length() > TELEGRAM_LIMIT) {
                problems.putIfAbsent("part over " + TELEGRAM_LIMIT, part.length() + " UTF-16 units");
            }
            for (String line : part.split("\n", -1)) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    problems.putIfAbsent("line not in the /sessions format", "'" + (line.length() > 60 ? line.substring(0, 60) + "…" : line) + "'");
                } else if (Integer.parseInt(m.group(1)) != expected++) {
                    problems.putIfAbsent("not each session once, most recently active first", "k" + m.group(1) + " where k" + (expected - 1) + " belongs");
                }
            }
        }
        if (expected != sessions) {
            problems.putIfAbsent("count", expected + " lines for " + sessions + " sessions");
        }
        return problems.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.toList());
    }

    private static void report(Table table, int sessions, List<Run> none, List<Run> many) {
        Run first = many.get(0);
        long heapNone = median(none.stream().mapToLong(Run::heapBytes).toArray());
        long heapMany = median(many.stream().mapToLong(Run::heapBytes).toArray());
        double perSession = (heapMany - heapNone) / (double) sessions;
        double afterPerSession = (first.heapAfterBytes() - none.get(0).heapAfterBytes()) / (double) sessions;
        long startNone = median(none.stream().mapToLong(r -> r.start().toMillis()).toArray());
        long startMany = median(many.stream().mapToLong(r -> r.start().toMillis()).toArray());
        long cpuNone = median(none.stream().mapToLong(Run::startCpuMillis).toArray());
        long cpuMany = median(many.stream().mapToLong(Run::startCpuMillis).toArray());
        long loadNone = median(none.stream().mapToLong(Run::loadedMillis).toArray());
        long loadMany = median(many.stream().mapToLong(Run::loadedMillis).toArray());
        Latencies listing = new Latencies(first.listing());
        Latencies help = new Latencies(first.help());
        boolean complete = first.problems().isEmpty() && listing.count() > 0;

        table.note(String.format("figure 5 heap after full GC, each start: none %s B, %d sessions %s B; after the timed commands %d vs %d B (%.0f B per session)",
                Arrays.toString(none.stream().mapToLong(Run::heapBytes).toArray()), sessions,
                Arrays.toString(many.stream().mapToLong(Run::heapBytes).toArray()), none.get(0).heapAfterBytes(), first.heapAfterBytes(), afterPerSession));
        table.note("figure 5 heap per session by class (instances, bytes; first start of each): " + perSessionClasses(none.get(0), first, sessions));
        table.note(String.format("figure 5 start → /health/started, each start: none %s ms, %d sessions %s ms; metadata load as logged: none %s ms, %d sessions %s ms",
                Arrays.toString(none.stream().mapToLong(r -> r.start().toMillis()).toArray()), sessions,
                Arrays.toString(many.stream().mapToLong(r -> r.start().toMillis()).toArray()),
                Arrays.toString(none.stream().mapToLong(Run::loadedMillis).toArray()), sessions,
                Arrays.toString(many.stream().mapToLong(Run::loadedMillis).toArray())));
        table.note(String.format("figure 5 gateway CPU time at /health/started, each start: none %s ms, %d sessions %s ms",
                Arrays.toString(none.stream().mapToLong(Run::startCpuMillis).toArray()), sessions,
                Arrays.toString(many.stream().mapToLong(Run::startCpuMillis).toArray())));
        table.note(String.format("figure 5 /sessions with %d sessions: %d parts, longest %d UTF-16 units; post → first part %s ms, → last part %s ms; "
                + "gateway CPU per /sessions (and the /help marking its end) %s ms; /help %s ms; problems: %s",
                sessions, first.parts(), first.longestPart(), millis(new Latencies(first.firstPart())), millis(listing),
                first.listingCpuMillis(), millis(help), first.problems().isEmpty() ? "none" : first.problems()));

        table.row("5. heap per suspended session (" + sessions + " on disk, median of " + many.size() + " starts)", String.format("%.0f B", perSession),
                String.format("%.1f MB live heap with none", heapNone / 1e6), String.format("%+.1f%%", 100.0 * (heapMany - heapNone) / heapNone), "—", "—");
        table.millis("5. start → /health/started with " + sessions + " sessions on disk (median of " + many.size() + "; vs none)", startMany, startNone,
                "—", true);
        table.millis("5. gateway CPU time until /health/started with " + sessions + " sessions (median; vs none)", cpuMany, cpuNone, "—", true);
        table.millis("5. loading " + sessions + " session.json at start-up (logged wall time, median; vs none)", loadMany, loadNone, "—", true);
        table.millis("5. /sessions with " + sessions + " sessions: post → last of " + first.parts() + " parts, p50 of " + listing.count() + " (vs /help)",
                listing.p50(), help.p50(), "split, never truncated", complete);
    }

    private static String millis(Latencies l) {
        return Arrays.stream(l.values()).mapToObj(n -> String.format("%.1f", n / 1e6)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? -1 : sorted[(sorted.length - 1) / 2];
    }

    /** The classes whose live instances grew most from no session to N, per session. */
    private static String perSessionClasses(Run none, Run many, int sessions) {
        Map<String, long[]> growth = new HashMap<>();
        many.histogram().forEach((name, counts) -> {
            long[] base = none.histogram().getOrDefault(name, new long[2]);
            growth.put(name, new long[] {counts[0] - base[0], counts[1] - base[1]});
        });
        return growth.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(8)
                .map(e -> String.format("%s %.2f × %.0f B", e.getKey(), e.getValue()[0] / (double) sessions, e.getValue()[1] / (double) sessions))
                .collect(Collectors.joining("; "));
    }

    /**
     * CPU time the gateway process has used so far (all its threads: JIT and GC included). Unlike wall
     * time it hardly depends on how many other processes share the cores.
     */
    private static long cpuMillis(Rig rig) {
        return ProcessHandle.of(rig.current().pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
    }

    private long loadedMillis(Rig rig) {
        Matcher m = LOADED.matcher(rig.current().log());
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** N suspended sessions with history, laid out as the gateway creates them (SPEC §7). */
    static void write(Path dataDir, int sessions) throws IOException {
        Instant now = Instant.now();
        for (int i = 0; i < sessions; i++) {
            String name = "k" + i;
            // a Claude session id is a UUID
            String history = String.format("%08x-0000-4000-8000-%012x", i, (long) i * 7919);
            Session s = Session.create(name, "default", "", 600, CHAT, now.minusSeconds(i)).withHistory(history);
            Path dir = dataDir.resolve("sessions").resolve(name);
            Files.createDirectories(dir.resolve("uploads"));
            Path meta = Files.createDirectories(dir.resolve(".ccgateway"));
            Files.writeString(meta.resolve("session.json"), s.toJson(), StandardCharsets.UTF_8);
        }
    }

    /** The class histogram after a full GC (jcmd GC.class_histogram: only live objects). */
    static String histogram(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Live heap in bytes, from the histogram's total; -1 when there is none. */
    static long total(String histogram) {
        Matcher total = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)").matcher(histogram);
        return total.find() ? Long.parseLong(total.group(2)) : -1;
    }

    private static final Pattern CLASS_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Class name → {instances, bytes}. */
    static Map<String, long[]> classes(String histogram) {
        Map<String, long[]> rows = new HashMap<>();
        Matcher m = CLASS_ROW.matcher(histogram);
        while (m.find()) {
            // lambda classes are numbered per JVM: only their owner is comparable across two gateways
            String name = m.group(3).replaceAll("\\$\\$Lambda\\$.*", "\\$\\$Lambda");
            rows.merge(name, new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return rows;
    }
}
