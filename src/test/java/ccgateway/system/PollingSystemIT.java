package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running it like a product (issue 5): polling, webhook registration, first run, from outside. */
class PollingSystemIT {

    static final long USER = 1001;
    static final long CHAT = 4242;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    BotApiStub telegram;
    GatewayProcess gateway;
    final Updates updates = new Updates(9000);

    @BeforeEach
    void start() throws Exception {
        telegram = new BotApiStub();
        // no TELEGRAM_MODE and no webhook URL: polling is the default
        gateway = new GatewayProcess("polling", telegram, dataDir).env("TELEGRAM_MODE", null).env("TELEGRAM_WEBHOOK_SECRET", null);
    }

    @AfterEach
    void stop() {
        gateway.close();
        telegram.close();
    }

    /** Each update is an unknown command whose answer quotes it, so the answers show which update they belong to. */
    List<String> queue(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            long id = updates.nextId();
            telegram.queueUpdate(Updates.text(id, USER, CHAT, "/u" + id));
            return "/u" + id;
        }).collect(Collectors.toList());
    }

    List<String> answeredUpdates() {
        return telegram.messages(CHAT).stream().map(m -> m.replaceAll("^Unknown command: (/u\\d+)\\..*$", "$1")).collect(Collectors.toList());
    }

    @Test
    void pollingHandlesEachUpdateOnceInOrderAcrossARestart() {
        List<String> first = queue(5);
        gateway.start();
        Await.until(() -> answeredUpdates().size() >= 5, WAIT, () -> "answered: " + answeredUpdates());
        assertEquals(first, answeredUpdates());
        BotApiStub.Call delete = telegram.calls("deleteWebhook").get(0);
        assertFalse("true".equals(delete.params().get("drop_pending_updates")), "pending updates dropped: " + delete.params());
        assertTrue(telegram.calls("setWebhook").isEmpty());
        assertTrue(Webhook.get(gateway.url() + "/health/ready").startsWith("200"), Webhook.get(gateway.url() + "/health/ready"));

        gateway.stop();
        List<String> whileStopped = queue(3);
        gateway.start();
        List<String> more = queue(2);
        Await.until(() -> answeredUpdates().size() >= 10, WAIT, () -> "answered: " + answeredUpdates());
        List<String> expected = new java.util.ArrayList<>(first);
        expected.addAll(whileStopped);
        expected.addAll(more);
        assertEquals(expected, answeredUpdates(), "an update was lost, replayed or reordered");
        assertTrue(Files.exists(dataDir.resolve("state/polling-offset")));
    }

    @Test
    void webhookModeRegistersTheUrlWithTheSecret() {
        gateway.env("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram/webhook")
                .env("TELEGRAM_WEBHOOK_SECRET", Webhook.SECRET).start();
        Await.until(() -> !telegram.calls("setWebhook").isEmpty(), WAIT, () -> "setWebhook never called");
        BotApiStub.Call call = telegram.calls("setWebhook").get(0);
        assertEquals("https://bot.example.org/telegram/webhook", call.params().get("url"));
        assertEquals(Webhook.SECRET, call.params().get("secret_token"));
        assertTrue(telegram.calls("getUpdates").isEmpty(), "webhook mode must not poll");
    }

    @Test
    void failedWebhookRegistrationIsReportedByReadiness() {
        telegram.failNext("setWebhook", 1, 400, "Bad Request: bad webhook: HTTPS url must be provided for webhook");
        gateway.env("TELEGRAM_WEBHOOK_URL", "http://not-https.example.org/hook").env("TELEGRAM_WEBHOOK_SECRET", Webhook.SECRET).start();
        Await.until(() -> Webhook.get(gateway.url() + "/health/ready").contains("setWebhook failed"), WAIT,
                () -> Webhook.get(gateway.url() + "/health/ready"));
        assertTrue(gateway.log().contains("setWebhook failed"));
    }

    @Test
    void withoutTokenTheServerStartsAndSaysWhatToSet() {
        gateway.env("TELEGRAM_BOT_TOKEN", null).start();
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("503") && ready.contains("TELEGRAM_BOT_TOKEN"), ready);
        assertTrue(gateway.log().contains("Not ready: TELEGRAM_BOT_TOKEN (telegram.bot-token) is not set"), "the log does not say what to set");
        assertTrue(telegram.calls().isEmpty(), "called Telegram without a token: " + telegram.calls());
        assertTrue(Files.exists(dataDir.resolve("personas/default.md")), "first start creates the default persona");
    }

    @Test
    void startupSummaryNamesModeDataDirClaudeAndUsersButNeverTheToken() {
        gateway.start();
        Await.until(() -> gateway.log().contains("ccgateway: mode polling"), WAIT, () -> "no startup summary");
        String log = gateway.log();
        assertTrue(log.contains(dataDir.toString()), "data dir missing from the summary");
        assertTrue(log.contains("2 allowed user(s)"), "allowed users missing");
        assertFalse(log.contains(BotApiStub.TOKEN), "the token is in the log");
        assertFalse(log.contains("certificate expired") || log.contains("Certificate has expired"), "cacerts noise in the log");
    }
}
