package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live-session bound of SPEC §10 on the packaged gateway, set to 2 with GATEWAY_MAX_LIVE_SESSIONS:
 * a third session takes the place of the least recently active idle one; when both are busy the
 * message waits, the person is told, and it starts when a turn ends.
 */
class BoundsSystemIT {

    static final long USER = 1001;
    static final long CHAT = 9801;
    static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("bounds");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Updates updates = new Updates(500);

    @BeforeEach
    void start() {
        // long idle timers: only the bound suspends anything here
        gateway.env("GATEWAY_MAX_LIVE_SESSIONS", "2").env("GATEWAY_IDLE_TIMEOUT_SECONDS", "600").start();
        for (String name : List.of("one", "two", "three")) {
            send("/new " + name);
            await("Created session '" + name + "'");
        }
    }

    void send(String text) {
        assertEquals(200, gateway.webhook().post(updates.text(USER, CHAT, text)));
    }

    String await(String fragment) {
        return telegram.awaitMessage(CHAT, m -> m.contains(fragment), WAIT);
    }

    void say(String session, String text) {
        send("/switch " + session);
        await("Switched to session '" + session + "'");
        send(text);
    }

    int index(String fragment) {
        List<String> all = telegram.messages(CHAT);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aThirdSessionTakesThePlaceOfTheLeastRecentlyActiveIdleOne() {
        say("one", "hi one");
        await("echo: hi one");
        say("two", "hi two");
        await("echo: hi two");
        say("three", "hi three");
        await("echo: hi three");
        Await.until(() -> claude.liveProcesses("one").isEmpty(), WAIT, () -> "the least recently active session still runs");
        assertEquals(1, claude.liveProcesses("two").size(), "a more recently active session was suspended");
        assertEquals(1, claude.liveProcesses("three").size());

        say("one", "back to one");
        await("Resuming session");
        await("echo: back to one");
        Await.until(() -> claude.liveProcesses("two").isEmpty(), WAIT, () -> "two, now the least recently active, still runs");
        assertEquals(1, claude.liveProcesses("three").size());
    }

    @Test
    void whenEveryLiveSessionIsBusyTheMessageWaitsAndStartsWhenATurnEnds() {
        say("one", "#slow=4 long one");
        Await.until(() -> claude.stdin("one").size() == 1, WAIT, () -> "one's message not written");
        say("two", "#slow=4 long two");
        Await.until(() -> claude.stdin("two").size() == 1, WAIT, () -> "two's message not written");
        say("three", "wait for a place");
        await("All 2 live sessions are busy; your message will start when one is free.");
        await("echo: wait for a place");
        int waited = index("echo: wait for a place");
        assertTrue(index("echo: #slow=4 long one") >= 0 && index("echo: #slow=4 long one") < waited
                        || index("echo: #slow=4 long two") >= 0 && index("echo: #slow=4 long two") < waited,
                "it started before a turn ended: " + telegram.messages(CHAT));
        Await.until(() -> claude.liveProcesses("one").size() + claude.liveProcesses("two").size() + claude.liveProcesses("three").size() <= 2,
                WAIT, () -> "more than 2 claude processes live");
        assertEquals(1, claude.stdin("three").size());
    }
}
