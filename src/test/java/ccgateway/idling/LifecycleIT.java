package ccgateway.idling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.Metadata;
import ccgateway.testing.StubLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle suspend and transparent resume (SPEC §6) with an idle timeout of 3 s (arquillian.xml). */
class LifecycleIT extends DeployedGateway {


    static final Path history = Path.of(System.getProperty("it.build.dir", "target"), "stub-claude-history");

    void awaitSuspended(String name) {
        Await.until(() -> Metadata.isSuspended(DATA, name) && CLAUDE.liveProcesses(name).isEmpty(), WAIT,
                () -> "not suspended: " + Metadata.read(DATA, name) + ", live " + CLAUDE.liveProcesses(name));
    }

    @Test
    void idleSessionIsSuspendedSilentlyWithEveryDescendant() {
        long chat = 8001;
        String name = newSession(chat, "idle");
        send(chat, "spawn #grandchild");
        await(chat, "echo: spawn");
        Await.until(() -> CLAUDE.grandchildren(name).size() == 1, WAIT, () -> "no grandchild");
        long grandchild = CLAUDE.grandchildren(name).get(0);
        assertTrue(StubLog.isAlive(grandchild));
        int said = telegram.messages(chat).size();

        awaitSuspended(name);
        assertTrue(!StubLog.isAlive(grandchild), "grandchild in its own process group survived the suspend");
        assertEquals(said, telegram.messages(chat).size(), "suspending must be silent: " + telegram.messages(chat));
    }

    @Test
    void messageToSuspendedSessionResumesItWithItsHistory() {
        long chat = 8002;
        String name = newSession(chat, "resume");
        send(chat, "remember this");
        await(chat, "echo: remember this");
        awaitSuspended(name);
        String id = Metadata.claudeSessionId(DATA, name);
        int before = telegram.messages(chat).size();

        send(chat, "and now?");
        await(chat, "echo: and now?");
        List<String> after = telegram.messages(chat).subList(before, telegram.messages(chat).size());
        assertEquals(List.of("Resuming session...", "echo: and now?"), after);
        StubLog.Launch second = CLAUDE.awaitLaunch(name, 2, WAIT);
        assertEquals(id, second.after("--resume"));
        assertEquals(id, Metadata.claudeSessionId(DATA, name), "history id kept");
        assertTrue(Metadata.read(DATA, name).map(m -> m.getString("status")).orElse("").equals("active"));
    }

    @Test
    void resumeWithLostHistoryTellsTheUserAndStartsNothingFresh() throws IOException {
        long chat = 8003;
        String name = newSession(chat, "lost");
        send(chat, "something");
        await(chat, "echo: something");
        awaitSuspended(name);
        String id = Metadata.claudeSessionId(DATA, name);
        Files.delete(history.resolve(id + ".jsonl"));

        send(chat, "are you there?");
        String reason = await(chat, "Could not resume session '" + name + "'");
        assertTrue(reason.contains("No conversation found with session ID: " + id), reason);
        awaitSuspended(name);
        assertEquals(id, Metadata.claudeSessionId(DATA, name), "the history id is not replaced by a fresh one");
        List<StubLog.Launch> launches = CLAUDE.launches(name);
        assertEquals(2, launches.size());
        assertTrue(launches.get(1).has("--resume"), "a fresh conversation was started: " + launches.get(1).argv());
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("echo: are you there?")));
    }

    @Test
    void turnLongerThanTheIdleTimeoutIsNotInterrupted() {
        long chat = 8004;
        String name = newSession(chat, "long");
        send(chat, "think hard #slow=6");
        await(chat, "echo: think hard");
        assertEquals(1, CLAUDE.launches(name).size(), "the process was replaced mid-turn");
        awaitSuspended(name);
    }

    @Test
    void timeoutCommandAnswersTheExactTextsAndGovernsTheRunningTimer() {
        long chat = 8005;
        String name = newSession(chat, "timer");
        send(chat, "/timeout");
        assertEquals("Idle timeout: 0 minutes\n\nUsage: /timeout <minutes> (1-120)", await(chat, "Idle timeout:"));
        send(chat, "/timeout 0");
        await(chat, "Timeout must be between 1 and 120 minutes");
        send(chat, "/timeout 121");
        Await.until(() -> telegram.messages(chat).stream().filter("Timeout must be between 1 and 120 minutes"::equals).count() == 2,
                WAIT, () -> telegram.messages(chat).toString());
        send(chat, "/timeout abc");
        await(chat, "Invalid number. Usage: /timeout <minutes>");
        send(chat, "hello");
        await(chat, "echo: hello");
        send(chat, "/timeout 5");
        await(chat, "Idle timeout set to 5 minutes for session '" + name + "'.");
        assertTrue(Metadata.read(DATA, name).map(m -> m.getJsonNumber("idleTimeoutSeconds").longValue()).orElse(0L) == 300);
        // the 3 s default would have suspended it by now; the new 5 minutes govern the running timer
        StubLog.Launch launch = CLAUDE.awaitLaunch(name, 1, WAIT);
        Instant deadline = Instant.now().plusSeconds(6);
        while (Instant.now().isBefore(deadline)) {
            assertTrue(launch.isAlive(), "suspended although the timeout is 5 minutes");
            sleepQuietly(250);
        }
        send(chat, "/timeout");
        await(chat, "Idle timeout: 5 minutes");
    }

    /** Here a sleep is the point: the test watches that nothing happens during a stretch of time. */
    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
