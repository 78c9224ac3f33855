package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Running it like a product (issue 5): polling, webhook registration, first run, from outside. */
class PollingSystemIT {

    static final long USER = 1001;
    static final long CHAT = 4242;
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("polling");
    // no TELEGRAM_MODE and no webhook URL: polling is the default
    final GatewayProcess gateway = system.gateway().env("TELEGRAM_MODE", null).env("TELEGRAM_WEBHOOK_SECRET", null);
    final BotApiStub telegram = system.telegram();
    final Path dataDir = system.dataDir();
    final Updates updates = new Updates(9000);

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

    static List<String> allowedUpdates(BotApiStub.Call call) {
        List<String> kinds = new ArrayList<>();
        com.google.gson.JsonParser.parseString(String.valueOf(call.params().get("allowed_updates"))).getAsJsonArray()
                .forEach(k -> kinds.add(k.getAsString()));
        return kinds;
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
        assertEquals(List.of("message", "callback_query", "my_chat_member"), allowedUpdates(telegram.calls("getUpdates").get(0)),
                "button presses would never arrive");
        assertTrue(Webhook.get(gateway.url() + "/health/ready").startsWith("200"), Webhook.get(gateway.url() + "/health/ready"));

        gateway.stop();
        List<String> whileStopped = queue(3);
        int polledBefore = telegram.calls("getUpdates").size();
        gateway.start();
        List<String> more = queue(2);
        Await.until(() -> answeredUpdates().size() >= 10, WAIT, () -> "answered: " + answeredUpdates());
        List<String> expected = new java.util.ArrayList<>(first);
        expected.addAll(whileStopped);
        expected.addAll(more);
        assertEquals(expected, answeredUpdates(), "an update was lost, replayed or reordered");
        assertEquals(Long.parseLong(whileStopped.get(0).substring(2)), offset(telegram.calls("getUpdates").get(polledBefore)),
                "the second run did not begin where the first one's offset left it");
    }

    /**
     * getUpdates faults (issue 7), one gateway for all: a 429 with retry_after, 500s and a 502, a slow
     * answer, dropped connections, a timeout (an offset that cannot be written: the next test). After each,
     * every queued update is answered exactly once and in order; the stub's log shows the poller
     * waiting out retry_after, pausing longer after each 5xx or dropped connection, and never
     * fetching in a tight loop; readiness is UP again at the end.
     */
    @Test
    void getUpdatesFaultsLoseNothingAndArePolitelyRetried() throws Exception {
        gateway.start();
        List<String> expected = new ArrayList<>(queue(2));
        awaitAnswered(expected);

        List<BotApiStub.Call> polls = throughFaults(expected, 1, () -> telegram.rateLimitNext("getUpdates", 2));
        assertEquals(2, polls.size(), "one 429, then the poll that fetched the updates: " + shown(polls));
        assertPausedAtLeast(polls, 2000);

        polls = throughFaults(expected, 3, () -> {
            telegram.failNext("getUpdates", 2, 500, "Internal Server Error");
            telegram.failNext("getUpdates", 1, 502, "Bad Gateway");
        });
        assertEquals(4, polls.size(), "3 x 5xx, then the poll that fetched the updates: " + shown(polls));
        assertPausedAtLeast(polls, 1000, 2000, 4000);

        polls = throughFaults(expected, 1, () -> telegram.slowNext("getUpdates", 1, Duration.ofSeconds(3)));
        assertEquals(1, polls.size(), "the slow poll itself brings the updates: " + shown(polls));

        polls = throughFaults(expected, 2, () -> telegram.resetNext("getUpdates", 2));
        assertEquals(3, polls.size(), "2 resets, then the poll that fetched the updates: " + shown(polls));
        assertPausedAtLeast(polls, 1000, 2000);

        // held past the client's read timeout (30 s; pengrad keeps it for a 25 s long poll), then dropped
        polls = throughFaults(expected, 1, () -> telegram.timeoutNext("getUpdates", 1, Duration.ofSeconds(32)));
        assertEquals(2, polls.size(), "a timeout, then the poll that fetched the updates: " + shown(polls));

        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("200"), "readiness after the faults: " + ready);
        System.out.println("getUpdates faults: " + telegram.faulted("getUpdates").size() + " faulted polls, "
                + telegram.calls("getUpdates").size() + " polls in all, " + expected.size() + " updates answered once, in order");
    }

    /**
     * An offset that cannot be written (the database refuses it, here PostgreSQL by a trigger):
     * the batch is answered once, and the poller goes on from its offset in memory instead of
     * fetching the same updates again and again.
     */
    @Test
    @ExtendWith(PostgresAvailable.class)
    void anOffsetThatCannotBeWrittenNeitherLosesNorRefetchesTheBatch() throws Exception {
        String url = PostgresServer.shared().createDatabase("polling_offset_refused");
        gateway.env("GATEWAY_DATABASE_URL", url).env("GATEWAY_DATABASE_USER", PostgresServer.shared().user())
                .env("GATEWAY_DATABASE_PASSWORD", PostgresServer.shared().password()).start();
        List<String> expected = new ArrayList<>(queue(2));
        awaitAnswered(expected);
        try (Connection db = PostgresServer.shared().connect(url); Statement sql = db.createStatement()) {
            sql.execute("CREATE FUNCTION refuse_offset() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'the polling offset is refused by the test'; END $$");
            sql.execute("CREATE TRIGGER refuse_offset BEFORE INSERT OR UPDATE ON polling_offset FOR EACH ROW EXECUTE FUNCTION refuse_offset()");
        }
        telegram.endLongPolls();
        int mark = telegram.calls("getUpdates").size();
        List<String> batch = queue(2);
        expected.addAll(batch);
        awaitAnswered(expected);
        long next = Long.parseLong(batch.get(1).substring(2)) + 1;
        Await.until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> offset(c) == next), WAIT,
                () -> "the poller never asked for the updates after the batch; polls since, by offset: " + offsetsSince(mark));
        assertTrue(sinceMark(mark).stream().filter(c -> offset(c) < next).count() <= 2,
                "the batch was fetched again and again; polls since, by offset: " + offsetsSince(mark));
        assertEquals(expected, answeredUpdates(), "an update was lost, repeated or reordered");
        Await.until(() -> gateway.log().contains("Cannot write the polling offset"), WAIT, () -> "the refused write was not reported");
    }

    /**
     * Arms the faults, ends the poll now waiting (so the next one meets them), queues 3 updates and
     * waits until all updates so far are answered, exactly once and in order.
     * @return the polls that asked for the 3 updates, from the first faulted one on
     */
    List<BotApiStub.Call> throughFaults(List<String> expected, int faults, Runnable arm) {
        int faultedBefore = telegram.faulted("getUpdates").size();
        arm.run();
        telegram.endLongPolls();
        List<String> batch = queue(3);
        expected.addAll(batch);
        awaitAnswered(expected);
        List<BotApiStub.Call> faulted = telegram.faulted("getUpdates");
        assertEquals(faultedBefore + faults, faulted.size(), "faults not met: " + shown(faulted));
        long first = Long.parseLong(batch.get(0).substring(2));
        List<BotApiStub.Call> all = telegram.calls("getUpdates");
        return all.subList(all.indexOf(faulted.get(faultedBefore)), all.size()).stream()
                .filter(c -> offset(c) == first).collect(Collectors.toList());
    }

    /** Between consecutive polls at least these pauses: a lower bound only, so a slow machine cannot fail it. */
    static void assertPausedAtLeast(List<BotApiStub.Call> polls, long... millis) {
        for (int i = 0; i < millis.length; i++) {
            long paused = Duration.between(polls.get(i).at(), polls.get(i + 1).at()).toMillis();
            assertTrue(paused >= millis[i], "poll " + (i + 1) + " came " + paused + " ms after the fault, expected >= " + millis[i] + ": " + shown(polls));
        }
    }

    /** Polls as "offset@time", for failure messages. */
    static List<String> shown(List<BotApiStub.Call> polls) {
        return polls.stream().map(c -> offset(c) + "@" + c.at()).collect(Collectors.toList());
    }

    static long offset(BotApiStub.Call call) {
        return Long.parseLong(call.params().getOrDefault("offset", "0"));
    }

    List<BotApiStub.Call> sinceMark(int mark) {
        List<BotApiStub.Call> all = telegram.calls("getUpdates");
        return all.subList(mark, all.size());
    }

    java.util.Map<Long, Long> offsetsSince(int mark) {
        return sinceMark(mark).stream().collect(Collectors.groupingBy(PollingSystemIT::offset, java.util.TreeMap::new, Collectors.counting()));
    }

    void awaitAnswered(List<String> expected) {
        Await.until(() -> answeredUpdates().size() >= expected.size(), Duration.ofSeconds(90),
                () -> "answered: " + answeredUpdates() + ", expected " + expected);
        assertEquals(expected, answeredUpdates(), "an update was lost, repeated or reordered");
    }

    @Test
    void webhookModeRegistersTheUrlWithTheSecret() {
        gateway.env("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram/webhook")
                .env("TELEGRAM_WEBHOOK_SECRET", Webhook.SECRET).start();
        Await.until(() -> !telegram.calls("setWebhook").isEmpty(), WAIT, () -> "setWebhook never called");
        BotApiStub.Call call = telegram.calls("setWebhook").get(0);
        assertEquals("https://bot.example.org/telegram/webhook", call.params().get("url"));
        assertEquals(Webhook.SECRET, call.params().get("secret_token"));
        assertEquals(List.of("message", "callback_query", "my_chat_member"), allowedUpdates(call), "button presses would never arrive");
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
