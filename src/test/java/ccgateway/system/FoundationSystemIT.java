package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged gateway driven from outside, as a user's Telegram and systemd would. */
class FoundationSystemIT {

    static final long ALLOWED = 1001;
    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("foundation");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final Path dataDir = system.dataDir();
    final Updates updates = new Updates(500);

    @Test
    void updateRepeatedAfterARestartIsNotAnsweredAgain() {
        long chat = 7001;
        String update = updates.text(ALLOWED, chat, "/help");
        gateway.start();
        assertEquals(200, gateway.webhook().post(update));
        telegram.awaitMessages(chat, 1, WAIT);
        gateway.stop();

        gateway.start();
        assertEquals(200, gateway.webhook().post(update), "a repetition is acknowledged");
        long other = 7002;
        assertEquals(200, gateway.webhook().post(updates.text(ALLOWED, other, "/help")));
        telegram.awaitMessages(other, 1, WAIT);
        assertEquals(1, telegram.messages(chat).size(), "the repeated update was answered again");
    }

    @Test
    void readinessIsDownAndNamesTheMissingTokenAndAllowlist() {
        gateway.env("TELEGRAM_BOT_TOKEN", null).env("TELEGRAM_ALLOWED_USERS", null).start();
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("503"), ready);
        assertTrue(ready.contains("TELEGRAM_BOT_TOKEN"), ready);
        assertTrue(ready.contains("TELEGRAM_ALLOWED_USERS"), ready);
        assertTrue(Webhook.get(gateway.url() + "/health/live").startsWith("200"), "alive though not ready");
    }

    @Test
    void emptyAllowlistLetsNobodyIn() {
        gateway.env("TELEGRAM_ALLOWED_USERS", "").start();
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("503") && ready.contains("TELEGRAM_ALLOWED_USERS"), ready);
        long chat = 7003;
        assertEquals(200, gateway.webhook().post(updates.text(ALLOWED, chat, "/help")));
        assertEquals("Not authorized.", telegram.awaitMessages(chat, 1, WAIT).get(0));
    }

    @Test
    void noWebhookSecretRefusesEveryRequest() {
        gateway.env("TELEGRAM_WEBHOOK_SECRET", null).start();
        assertEquals(401, gateway.webhook().post(updates.text(ALLOWED, 7004, "/help")));
        assertEquals(401, gateway.webhook().post(updates.text(ALLOWED, 7004, "/help").getBytes(), ""));
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.contains("TELEGRAM_WEBHOOK_SECRET"), ready);
        assertTrue(telegram.calls("sendMessage").isEmpty());
    }

    @Test
    void everythingConfiguredIsReadyAndTheTokenIsNeverLogged() throws Exception {
        gateway.start();
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("200"), ready);
        assertTrue(Files.isDirectory(dataDir.resolve("state")));
        long chat = 7005;
        gateway.webhook().post(updates.text(ALLOWED, chat, "/help"));
        telegram.awaitMessages(chat, 1, WAIT);
        gateway.stop();
        assertFalse(gateway.log().contains(BotApiStub.TOKEN), "the bot token appeared in the log");
    }
}
