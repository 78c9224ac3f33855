package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Metadata;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC §6 from outside: crash and restart, SIGTERM, and timers racing messages, on the packaged gateway. */
class LifecycleSystemIT {

    static final long USER = 1001;
    static final long CHAT = 9001;
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("lifecycle");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Path dataDir = system.dataDir();
    final Updates updates = new Updates(100);
    final List<Process> foreign = new ArrayList<>();

    @AfterEach
    void stopForeignProcesses() {
        foreign.forEach(Process::destroyForcibly);
    }

    void send(String text) {
        assertEquals(200, gateway.webhook().post(updates.text(USER, CHAT, text)));
    }

    String await(String fragment) {
        return telegram.awaitMessage(CHAT, m -> m.contains(fragment), WAIT);
    }

    void newSession(String name) {
        send("/new " + name);
        await("Created session '" + name + "'");
    }

    @Test
    void killedGatewayLeavesNoOrphanAfterRestartAndSparesForeignProcesses() throws Exception {
        gateway.start();
        List<String> names = List.of("one", "two", "three");
        for (String name : names) {
            newSession(name);
            send("hi " + name + " #grandchild");
            await("echo: hi " + name);
        }
        newSession("spare");
        Await.until(() -> names.stream().allMatch(n -> claude.grandchildren(n).size() == 1), WAIT, () -> "grandchildren missing");
        List<Long> ours = names.stream().flatMap(n -> claude.liveProcesses(n).stream()).collect(Collectors.toList());
        assertEquals(6, ours.size(), "three claude processes and three grandchildren run");
        // mid-turn, as a crash would find them: an idle claude exits by itself when its stdin closes
        for (String name : names) {
            send("/switch " + name);
            await("Switched to session '" + name + "'");
            send("think #slow=120");
        }
        Await.until(() -> names.stream().allMatch(n -> claude.stdin(n).size() == 2), WAIT, () -> "slow turns not started");

        gateway.kill();
        assertTrue(ours.stream().allMatch(StubLog::isAlive), "kill -9 of the gateway leaves its children behind");
        Process stranger = new ProcessBuilder("sleep", "600").start();
        foreign.add(stranger);
        recordPid("spare", stranger.pid());

        gateway.start();
        List<Long> survivors = ours.stream().filter(StubLog::isAlive).collect(Collectors.toList());
        assertEquals(List.of(), survivors, "orphans alive when the gateway started serving");
        assertTrue(stranger.isAlive(), "a foreign process whose pid was recorded was killed");
        assertTrue(gateway.log().contains("Cleaned up 6 orphaned subprocesses"), "log line missing");
        for (String name : List.of("one", "two", "three", "spare")) {
            assertTrue(Metadata.isSuspended(dataDir, name), name + " not suspended: " + Metadata.read(dataDir, name));
        }
        send("/switch one");
        await("Switched to session 'one'");
        send("back again");
        await("Resuming session");
        await("echo: back again");
    }

    /** Writes a pid and its true start time into a session's metadata, as if it were the session's process. */
    void recordPid(String session, long pid) throws IOException {
        JsonObject metadata = Metadata.read(dataDir, session).orElseThrow();
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String startTicks = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
        JsonObject changed = Json.createObjectBuilder(metadata).add("pid", pid).add("pidStartTime", startTicks).add("status", "active").build();
        Files.writeString(Metadata.file(dataDir, session), changed.toString());
    }

    @Test
    void sigtermEndsAllChildrenWithinAboutOneGracePeriod() {
        int grace = 3;
        // ten live at once: above the default bound of live sessions (8), which would suspend two
        gateway.env("STUB_CLAUDE_IGNORE_TERM", "1").env("GATEWAY_SHUTDOWN_GRACE_SECONDS", String.valueOf(grace))
                .env("GATEWAY_MAX_LIVE_SESSIONS", "10").start();
        List<String> names = IntStream.rangeClosed(1, 10).mapToObj(i -> "s" + i).collect(Collectors.toList());
        for (String name : names) {
            newSession(name);
            send("go " + name + " #grandchild");
            await("echo: go " + name);
        }
        Await.until(() -> names.stream().allMatch(n -> claude.grandchildren(n).size() == 1), WAIT, () -> "grandchildren missing");
        List<Long> children = names.stream().flatMap(n -> claude.liveProcesses(n).stream()).collect(Collectors.toList());
        assertEquals(20, children.size());

        Duration shutdown = gateway.stop();
        assertEquals(List.of(), children.stream().filter(StubLog::isAlive).collect(Collectors.toList()), "children survived shutdown");
        assertTrue(shutdown.compareTo(Duration.ofSeconds(2L * grace)) < 0, "shutdown took " + shutdown);
        names.forEach(n -> assertTrue(Metadata.isSuspended(dataDir, n), n + " not marked suspended"));
    }

    @Test
    void messagesRacingTheIdleTimerAreAllAnsweredByOneProcessAtATime() {
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "1").start();
        newSession("race");
        for (int round = 0; round < 50; round++) {
            send("round " + round);
            await("echo: round " + round);
            // aim at the moment the 1 s timer fires: some rounds land before it, some after, some on it
            sleep(850 + (round % 7) * 50);
        }
        for (int round = 0; round < 50; round++) {
            String answer = "echo: round " + round;
            assertEquals(1, telegram.messages(CHAT).stream().filter(answer::equals).count(), answer);
        }
        assertTrue(claude.launches("race").size() > 1, "the timer never won a race: the test proved nothing");
        assertEquals(1, maxConcurrentProcesses("race"), "two processes lived at once");
    }

    /** Replays launch and exit events in the order the stubs logged them. */
    int maxConcurrentProcesses(String session) {
        int live = 0;
        int max = 0;
        for (JsonObject event : claude.events()) {
            if (!session.equals(event.getString("session", null))) {
                continue;
            }
            if (event.getString("event").equals("launch")) {
                max = Math.max(max, ++live);
            } else if (event.getString("event").equals("exit")) {
                live--;
            }
        }
        return max;
    }

    @Test
    void resumeAfterMinutesSaysHowLongTheSessionWasIdle() throws IOException {
        gateway.start();
        newSession("later");
        send("before the break");
        await("echo: before the break");
        gateway.stop();
        JsonObject metadata = Metadata.read(dataDir, "later").orElseThrow();
        String fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(5).toString();
        Files.writeString(Metadata.file(dataDir, "later"), Json.createObjectBuilder(metadata).add("lastActive", fiveMinutesAgo).build().toString());

        gateway.start();
        send("after the break");
        await("echo: after the break");
        assertTrue(telegram.messages(CHAT).contains("Resuming session (idle for 5 min)..."), telegram.messages(CHAT).toString());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
