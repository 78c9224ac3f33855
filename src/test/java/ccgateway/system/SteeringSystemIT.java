package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Steering Claude (SPEC §9) where the packaged gateway itself must be restarted or its claude
 * misbehaves on the control protocol: a prompt outlives the gateway, the CLI refuses or ignores
 * what it is asked. A clear answer each time, nothing stuck busy, no tool run that nobody allowed.
 */
class SteeringSystemIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("steering");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final Updates updates = new Updates(900);

    void send(long chat, String text) {
        assertEquals(200, gateway.webhook().post(updates.text(USER, chat, text)));
    }

    String await(long chat, String fragment) {
        return telegram.awaitMessage(chat, m -> m.contains(fragment), WAIT);
    }

    @Test
    void aPressAfterTheGatewayRestartedIsNoLongerPendingAndNothingRuns() {
        long chat = 9601;
        gateway.start();
        send(chat, "/new restart");
        await(chat, "Created session 'restart'");
        send(chat, "/timeout 5");
        await(chat, "Idle timeout set to 5 minutes");
        send(chat, "hello");
        await(chat, "echo: hello");
        send(chat, "#bash=touch after-restart.txt");
        BotApiStub.Shown prompt = telegram.awaitPrompt(chat, "touch after-restart.txt", WAIT);
        gateway.stop();
        gateway.start();

        assertEquals(200, gateway.webhook().post(updates.callback(chat, USER, prompt.messageId(), prompt.callbackData("Allow"))));
        Await.until(() -> telegram.callbackAnswers().contains("This request is no longer pending."), WAIT,
                () -> telegram.callbackAnswers().toString());
        Await.until(() -> telegram.shown(chat).stream().noneMatch(BotApiStub.Shown::hasButtons), WAIT,
                () -> "buttons left on a stale prompt: " + telegram.shown(chat));
        send(chat, "still here");
        await(chat, "echo: still here");
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("stopped unexpectedly")),
                "the gateway's own stop was reported as a crash: " + telegram.messages(chat));
        assertFalse(Files.exists(system.dataDir().resolve("sessions/restart/after-restart.txt")), "a stale press ran the tool");
    }

    @Test
    void aCliThatRefusesOrIgnoresARequestIsReportedAndTheSessionGoesOn() {
        long chat = 9602;
        gateway.env("STUB_CLAUDE_CONTROL_ERROR", "set_model").env("STUB_CLAUDE_CONTROL_SILENT", "interrupt").start();
        send(chat, "/new stubborn");
        await(chat, "Created session 'stubborn'");
        send(chat, "hello");
        await(chat, "echo: hello");
        send(chat, "/model haiku");
        await(chat, "Could not switch the model: ");
        send(chat, "/model");
        await(chat, "Model of session 'stubborn': the CLI's default");

        send(chat, "long one #slow=14");
        send(chat, "/cancel");
        String refused = await(chat, "Could not cancel: ");
        assertTrue(refused.contains("did not answer"), refused);
        await(chat, "echo: long one");
        send(chat, "after");
        await(chat, "echo: after");
        assertEquals(1, system.claude().launches("stubborn").size(), "claude was restarted");
    }
}
