package ccgateway.idling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.Deployments;
import ccgateway.testing.Metadata;
import ccgateway.testing.StubLog;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idle suspend and transparent resume (SPEC §6) with an idle timeout of 3 s (arquillian.xml). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    static BotApiStub telegram;
    static final Updates updates = new Updates(Instant.now().getEpochSecond() % 1_000_000 * 1000 + 700);
    static final StubLog claude = StubLog.fromSystemProperty();
    static final Path data = Path.of(System.getProperty("it.data.dir", "target/it-data"));
    static final Path history = Path.of(System.getProperty("it.build.dir", "target"), "stub-claude-history");

    @ArquillianResource
    URL deployed;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.gateway();
    }

    @BeforeAll
    static void startTelegram() throws Exception {
        telegram = new BotApiStub(Integer.getInteger("it.stub.port"));
    }

    @AfterAll
    static void stopTelegram() {
        telegram.close();
    }

    void send(long chat, String text) {
        assertEquals(200, new Webhook(Deployments.root(deployed)).post(updates.text(USER, chat, text)));
    }

    String await(long chat, String fragment) {
        return telegram.awaitMessage(chat, m -> m.contains(fragment), WAIT);
    }

    String session(long chat, String base) {
        String name = base + "-" + RUN;
        send(chat, "/new " + name);
        await(chat, "Created session '" + name + "'");
        return name;
    }

    void awaitSuspended(String name) {
        Await.until(() -> Metadata.isSuspended(data, name) && claude.liveProcesses(name).isEmpty(), WAIT,
                () -> "not suspended: " + Metadata.read(data, name) + ", live " + claude.liveProcesses(name));
    }

    @Test
    void idleSessionIsSuspendedSilentlyWithEveryDescendant() {
        long chat = 8001;
        String name = session(chat, "idle");
        send(chat, "spawn #grandchild");
        await(chat, "echo: spawn");
        Await.until(() -> claude.grandchildren(name).size() == 1, WAIT, () -> "no grandchild");
        long grandchild = claude.grandchildren(name).get(0);
        assertTrue(StubLog.isAlive(grandchild));
        int said = telegram.messages(chat).size();

        awaitSuspended(name);
        assertTrue(!StubLog.isAlive(grandchild), "grandchild in its own process group survived the suspend");
        assertEquals(said, telegram.messages(chat).size(), "suspending must be silent: " + telegram.messages(chat));
    }

    @Test
    void messageToSuspendedSessionResumesItWithItsHistory() {
        long chat = 8002;
        String name = session(chat, "resume");
        send(chat, "remember this");
        await(chat, "echo: remember this");
        awaitSuspended(name);
        String id = Metadata.claudeSessionId(data, name);
        int before = telegram.messages(chat).size();

        send(chat, "and now?");
        await(chat, "echo: and now?");
        List<String> after = telegram.messages(chat).subList(before, telegram.messages(chat).size());
        assertEquals(List.of("Resuming session...", "echo: and now?"), after);
        StubLog.Launch second = claude.awaitLaunch(name, 2, WAIT);
        assertEquals(id, second.after("--resume"));
        assertEquals(id, Metadata.claudeSessionId(data, name), "history id kept");
        assertTrue(Metadata.read(data, name).map(m -> m.getString("status")).orElse("").equals("active"));
    }

    @Test
    void resumeWithLostHistoryTellsTheUserAndStartsNothingFresh() throws IOException {
        long chat = 8003;
        String name = session(chat, "lost");
        send(chat, "something");
        await(chat, "echo: something");
        awaitSuspended(name);
        String id = Metadata.claudeSessionId(data, name);
        Files.delete(history.resolve(id + ".jsonl"));

        send(chat, "are you there?");
        String reason = await(chat, "Could not resume session '" + name + "'");
        assertTrue(reason.contains("No conversation found with session ID: " + id), reason);
        awaitSuspended(name);
        assertEquals(id, Metadata.claudeSessionId(data, name), "the history id is not replaced by a fresh one");
        List<StubLog.Launch> launches = claude.launches(name);
        assertEquals(2, launches.size());
        assertTrue(launches.get(1).has("--resume"), "a fresh conversation was started: " + launches.get(1).argv());
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("echo: are you there?")));
    }

    @Test
    void turnLongerThanTheIdleTimeoutIsNotInterrupted() {
        long chat = 8004;
        String name = session(chat, "long");
        send(chat, "think hard #slow=6");
        await(chat, "echo: think hard");
        assertEquals(1, claude.launches(name).size(), "the process was replaced mid-turn");
        awaitSuspended(name);
    }

    @Test
    void timeoutCommandAnswersTheExactTextsAndGovernsTheRunningTimer() {
        long chat = 8005;
        String name = session(chat, "timer");
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
        assertTrue(Metadata.read(data, name).map(m -> m.getJsonNumber("idleTimeoutSeconds").longValue()).orElse(0L) == 300);
        // the 3 s default would have suspended it by now; the new 5 minutes govern the running timer
        StubLog.Launch launch = claude.awaitLaunch(name, 1, WAIT);
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
