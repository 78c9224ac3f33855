package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SPEC §11 Topics across a restart of the packaged gateway: the topic is still the session. */
class TopicsSystemIT {

    static final long USER = 1001;
    static final long CHAT = 9801;
    static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("topics");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Updates updates = new Updates(800);

    void post(String update) {
        assertEquals(200, gateway.webhook().post(update));
    }

    @Test
    void aTopicStillLeadsToItsSessionAfterARestart() {
        telegram.reportTopicsInPrivateChats(true);
        gateway.start();
        post(updates.text(USER, CHAT, "/new kept"));
        telegram.awaitMessage(CHAT, m -> m.startsWith("Created session 'kept'"), WAIT);
        long topic = telegram.awaitTopic(CHAT, "kept", WAIT);

        gateway.stop();
        gateway.start();
        post(updates.text(USER, CHAT, "/new later"));
        telegram.awaitTopic(CHAT, "later", WAIT);
        post(updates.topicText(USER, CHAT, topic, "after the restart"));
        telegram.awaitMessage(CHAT, topic, "echo: after the restart"::equals, WAIT);
        assertTrue(claude.stdin("kept").stream().anyMatch(line -> line.contains("after the restart")), claude.stdin("kept").toString());
        assertTrue(claude.stdin("later").isEmpty(), "the active session got the topic's message: " + claude.stdin("later"));
    }
}
