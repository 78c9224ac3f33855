package ccgateway.bench;

import ccgateway.testing.Await;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Figures 3 and 4, from outside: SIGTERM to exit with live sessions, start to /health/started with
 * orphans (and the duration the gateway logs for the cleanup), and how late idle sessions are
 * suspended when many time out together. Children ignore SIGTERM here: the worst case, where every
 * one of them needs the whole grace period and a SIGKILL.
 */
final class Lifecycle {

    static final int GRACE_SECONDS = 2;
    static final long CHAT = 80_000;

    private final Rig rig;

    Lifecycle(Rig rig) {
        this.rig = rig;
    }

    void figure3(Table table, int sessions) {
        rig.gateway("lifecycle").env("STUB_CLAUDE_IGNORE_TERM", "1").env("GATEWAY_SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE_SECONDS));
        Duration cleanStart = rig.start();
        long cleanReap = rig.reapMillis(0);
        List<String> names = IntStream.range(0, sessions).mapToObj(i -> "live" + i).collect(Collectors.toList());
        // mid-turn, as a crash or a shutdown finds them: an idle claude would exit by itself on stdin EOF
        for (String name : names) {
            rig.send(CHAT, "/new " + name);
            rig.send(CHAT, "go " + name + " #slow=600");
        }
        awaitWorking(names, "go ");
        List<Long> children = alive(names);
        rig.current().kill();
        Duration orphanStart = rig.start();
        long orphanReap = rig.reapMillis(1);
        int reaped = rig.reaped(1);
        table.note(String.format("figure 3 start-up: %d children alive at kill -9; reaped %d; start %d ms (clean start %d ms); cleanup %d ms (clean %d ms); survivors %s",
                children.size(), reaped, orphanStart.toMillis(), cleanStart.toMillis(), orphanReap, cleanReap, alive(names)));
        table.millis("3. start-up cleanup with " + sessions + " orphans (logged)", orphanReap, GRACE_REAP_MS, "≤ 2 s + 1 s", orphanReap <= 3000 && reaped == sessions);
        table.millis("3. start to /health/started with " + sessions + " orphans (vs none)", orphanStart.toMillis(), cleanStart.toMillis(), "≤ clean start + 3 s",
                orphanStart.toMillis() <= cleanStart.toMillis() + 3000);

        for (String name : names) {
            rig.send(CHAT, "/switch " + name);
            rig.send(CHAT, "again " + name + " #slow=600");
        }
        awaitWorking(names, "again ");
        List<Long> live = alive(names);
        Duration loaded = rig.current().stop();
        long ending = rig.shutdownMillis();
        List<Long> survivors = alive(names);
        rig.gateway("lifecycle-empty").env("GATEWAY_SHUTDOWN_GRACE_SECONDS", String.valueOf(GRACE_SECONDS));
        rig.start();
        Duration empty = rig.current().stop();
        table.note(String.format("figure 3 shutdown: %d children alive at SIGTERM, %d survived; %d ms, of which ending the children %d ms (logged); no live session: %d ms",
                live.size(), survivors.size(), loaded.toMillis(), ending, empty.toMillis()));
        table.millis("3. shutdown (SIGTERM→exit) with " + sessions + " live sessions, grace " + GRACE_SECONDS + " s, vs none live",
                loaded.toMillis(), empty.toMillis(), "≤ grace + 1 s", loaded.toMillis() <= GRACE_SECONDS * 1000L + 1000 && survivors.isEmpty());
    }

    private void awaitWorking(List<String> names, String prefix) {
        Await.until(() -> names.stream().allMatch(n -> rig.claude.stdin(n).stream().anyMatch(l -> l.contains(prefix + n + " "))
                && !rig.claude.liveProcesses(n).isEmpty()), Rig.WAIT, () -> "not all sessions working");
    }

    /** The reaper's own grace (Supervisor.REAP_GRACE): what a cleanup of children that ignore SIGTERM must wait. */
    static final double GRACE_REAP_MS = 2000;

    private List<Long> alive(List<String> names) {
        return names.stream().flatMap(n -> rig.claude.liveProcesses(n).stream()).collect(Collectors.toList());
    }

    /** Figure 4: each session's suspension measured against its last result plus the timeout. */
    void figure4(Table table, int sessions, int timeoutSeconds) {
        rig.gateway("idle").env("GATEWAY_IDLE_TIMEOUT_SECONDS", String.valueOf(timeoutSeconds));
        rig.start();
        Latencies alone = lateness(table, List.of("alone"), timeoutSeconds);
        List<String> names = IntStream.range(0, sessions).mapToObj(i -> "idle" + i).collect(Collectors.toList());
        Latencies together = lateness(table, names, timeoutSeconds);
        table.note("figure 4 lateness of suspension past timeout: " + sessions + " together " + together + "; alone " + alone);
        table.millis("4. suspend lateness, max of " + sessions + " timing out together (timeout " + timeoutSeconds + " s)",
                together.maxMillis(), alone.maxMillis(), "≤ 1 s", together.maxMillis() <= 1000);
        rig.current().stop();
    }

    /** Sessions in chats of their own, all answered at about the same time; returns exit − (result + timeout). */
    private Latencies lateness(Table table, List<String> names, int timeoutSeconds) {
        Map<String, Long> chats = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            chats.put(names.get(i), CHAT + 1000 + i + (names.size() == 1 ? 5000 : 0));
        }
        names.forEach(n -> rig.send(chats.get(n), "/new " + n));
        names.forEach(n -> rig.await(chats.get(n), "Created session '" + n + "'"));
        // every process running first: "together" means the timers fall due together, not spread
        // over the seconds it takes to launch a hundred processes (that storm is not the suspension's cost)
        names.forEach(n -> rig.send(chats.get(n), "warm " + n));
        names.forEach(n -> rig.await(chats.get(n), "echo: warm " + n));
        names.forEach(n -> rig.send(chats.get(n), "work " + n));
        names.forEach(n -> rig.await(chats.get(n), "echo: work " + n));
        Map<String, Long> results = new HashMap<>();
        Await.until(() -> {
            List<JsonObject> events = rig.claude.events();
            names.forEach(n -> RelayOverhead.resultNanos(events, "work " + n).ifPresent(t -> results.put(n, t)));
            return results.size() == names.size();
        }, Rig.WAIT, () -> "results not logged");
        Await.until(() -> exitsAfter(results).keySet().containsAll(names), Duration.ofSeconds(timeoutSeconds + 60L),
                () -> "not all suspended: " + names.stream().filter(n -> !exitsAfter(results).containsKey(n)).collect(Collectors.toList()));
        Map<String, Long> exits = exitsAfter(results);
        List<Long> late = new ArrayList<>();
        for (String name : names) {
            late.add(exits.get(name) - results.get(name) - timeoutSeconds * 1_000_000_000L);
        }
        if (names.size() > 1) {
            long spread = (Collections.max(results.values()) - Collections.min(results.values())) / 1_000_000;
            long early = names.stream().filter(n -> launches(n) > 1).count();
            table.note(String.format("figure 4: the %d turns ended within %d ms of each other; %d sessions had timed out before their second message",
                    names.size(), spread, early));
        }
        return new Latencies(late);
    }

    private long launches(String session) {
        return rig.claude.events().stream().filter(e -> "launch".equals(e.getString("event")) && session.equals(e.getString("session", ""))).count();
    }

    /** Each session's first exit logged by its stub claude after the given moment. */
    private Map<String, Long> exitsAfter(Map<String, Long> since) {
        Map<String, Long> exits = new HashMap<>();
        for (JsonObject e : rig.claude.events()) {
            String session = e.getString("session", "");
            if ("exit".equals(e.getString("event")) && since.containsKey(session) && e.get("t_ns") != null
                    && e.getJsonNumber("t_ns").longValue() > since.get(session)) {
                exits.putIfAbsent(session, e.getJsonNumber("t_ns").longValue());
            }
        }
        return exits;
    }
}
