package ccgateway.telegram.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.Deployments;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook boundary and the outbox on a real Payara Micro, with Telegram played by a stub. */
class WebhookIT extends DeployedGateway {

    static final long ALLOWED = 1001;
    static final long STRANGER = 666;


    @BeforeEach
    void clean() {
        telegram.reset();
    }

    @Test
    void wrongOrMissingSecretIsRefusedAndNothingHappens() {
        long chat = 5001;
        byte[] help = UPDATES.text(ALLOWED, chat, "/help").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, webhook().post(help, "wrong-secret"));
        assertEquals(401, webhook().post(help, null));
        assertEquals(401, webhook().post(help, ""));
        // a later valid update proves the refused ones were not merely slow
        assertEquals(200, webhook().post(UPDATES.text(ALLOWED, chat, "/help")));
        telegram.awaitMessages(chat, 1, WAIT);
        assertEquals(1, telegram.messages(chat).size(), "only the accepted update is answered");
    }

    @Test
    void malformedBodiesAreBadRequests() {
        for (String body : List.of("", "not json", "[]", "{}", "{\"update_id\":\"abc\"}", "{\"update_id\":1,", "null", "42")) {
            assertEquals(400, webhook().post(body), () -> "body: " + body);
        }
        byte[] invalidUtf8 = {'{', '"', 'u', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
        assertEquals(400, webhook().post(invalidUtf8, Webhook.SECRET));
        assertTrue(telegram.calls().isEmpty(), "nothing was sent for bad input: " + telegram.calls());
    }

    @Test
    void oversizedBodyIsRefusedAndServerStaysHealthy() {
        String padding = "x".repeat(2 * 1024 * 1024);
        String huge = "{\"update_id\":" + UPDATES.nextId() + ",\"message\":{\"text\":\"" + padding + "\"}}";
        int status = webhook().post(huge);
        assertTrue(status == 413 || status == 400, "status " + status);
        assertTrue(Webhook.get(Deployments.root(deployed) + "/health/live").startsWith("200"));
        long chat = 5002;
        assertEquals(200, webhook().post(UPDATES.text(ALLOWED, chat, "/help")));
        telegram.awaitMessages(chat, 1, WAIT);
    }

    @Test
    void helpFromAllowedUserIsAnsweredWithTheCommandList() {
        long chat = 5003;
        assertEquals(200, webhook().post(UPDATES.text(ALLOWED, chat, "/help")));
        List<String> messages = telegram.awaitMessages(chat, 1, WAIT);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("/help"), messages.get(0));
        assertEquals(1, telegram.calls("sendMessage").size());
    }

    @Test
    void strangerIsToldNotAuthorizedOnceAndNothingElse() {
        long chat = 5004;
        assertEquals(200, webhook().post(UPDATES.text(STRANGER, chat, "/help")));
        assertEquals(200, webhook().post(UPDATES.text(STRANGER, chat, "hello")));
        List<String> messages = telegram.awaitMessages(chat, 1, WAIT);
        assertEquals(List.of("Not authorized."), messages);
        // an allowed user's update after them is answered: the stranger's caused nothing more (SPEC §10: once an hour)
        long other = 5005;
        webhook().post(UPDATES.text(ALLOWED, other, "/help"));
        telegram.awaitMessages(other, 1, WAIT);
        assertEquals(1, telegram.messages(chat).size());
    }

    @Test
    void repeatedUpdateIsAnsweredOnce() {
        long chat = 5006;
        String update = UPDATES.text(ALLOWED, chat, "/help");
        assertEquals(200, webhook().post(update));
        assertEquals(200, webhook().post(update));
        telegram.awaitMessages(chat, 1, WAIT);
        long other = 5007;
        webhook().post(UPDATES.text(ALLOWED, other, "/help"));
        telegram.awaitMessages(other, 1, WAIT);
        assertEquals(1, telegram.messages(chat).size(), "the repetition was not answered");
    }

    @Test
    void rateLimitedReplyIsDeliveredOnceAfterRetryAfter() {
        long chat = 5008;
        telegram.rateLimitNext("sendMessage", 1);
        Instant posted = Instant.now();
        assertEquals(200, webhook().post(UPDATES.text(ALLOWED, chat, "/help")));
        telegram.awaitMessages(chat, 1, WAIT);
        List<BotApiStub.Call> attempts = telegram.calls("sendMessage");
        assertEquals(2, attempts.size(), "one refused attempt, one delivery");
        Duration waited = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        assertTrue(waited.toMillis() >= 1000, "retried after " + waited + ", before retry_after");
        assertEquals(1, telegram.messages(chat).size());
        assertTrue(Duration.between(posted, attempts.get(1).at()).toMillis() < 15_000);
    }

    @Test
    void serverErrorsAreRetriedUntilDelivered() {
        long chat = 5009;
        telegram.failNext("sendMessage", 3, 502, "Bad Gateway");
        webhook().post(UPDATES.text(ALLOWED, chat, "/help"));
        telegram.awaitMessages(chat, 1, WAIT);
        assertEquals(4, telegram.calls("sendMessage").size());
        assertEquals(1, telegram.messages(chat).size());
    }

    @Test
    void concurrentUpdatesOfOneChatAreAnsweredInUpdateIdOrder() throws Exception {
        long chat = 5010;
        List<Long> ids = IntStream.range(0, 20).mapToObj(i -> UPDATES.nextId()).collect(Collectors.toList());
        List<Long> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new java.util.Random(7));
        ExecutorService posters = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (long id : shuffled) {
                // a command per update whose answer names the update: /n<id> is unknown, and the answer quotes it
                answers.add(posters.submit(() -> webhook().post(Updates.text(id, ALLOWED, chat, "/n" + id))));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            posters.shutdownNow();
        }
        List<String> messages = telegram.awaitMessages(chat, 20, WAIT);
        List<String> expected = ids.stream().map(id -> "/n" + id).collect(Collectors.toList());
        List<String> named = messages.stream().map(m -> m.replaceAll("^.*(/n\\d+).*$", "$1")).collect(Collectors.toList());
        assertEquals(expected, named);
    }

    @Test
    void strangersButtonPressIsAnsweredNotAuthorizedAndNothingElse() {
        long chat = 5011;
        long id = UPDATES.nextId();
        assertEquals(200, webhook().post(Updates.callback(id, chat, STRANGER, 77, "allow:abcdef")));
        Await.until(() -> !telegram.callbackAnswers().isEmpty(), WAIT, () -> "the press was not answered: " + telegram.calls());
        assertEquals("q" + id + "-" + STRANGER, telegram.calls("answerCallbackQuery").get(0).params().get("callback_query_id"));
        // an allowed user's update after it is answered: the press caused nothing more
        long other = 5012;
        webhook().post(UPDATES.text(ALLOWED, other, "/help"));
        telegram.awaitMessages(other, 1, WAIT);
        assertEquals(List.of("Not authorized."), telegram.callbackAnswers());
        assertTrue(telegram.messages(chat).isEmpty(), "the stranger's chat got " + telegram.messages(chat));
        assertTrue(telegram.calls().stream().noneMatch(c -> c.method().startsWith("edit")), "a message was edited: " + telegram.calls());
    }

    @Test
    void repeatedButtonPressIsAnsweredOnce() {
        String press = UPDATES.callback(5013, STRANGER, 78, "deny:abcdef");
        assertEquals(200, webhook().post(press));
        assertEquals(200, webhook().post(press));
        Await.until(() -> !telegram.callbackAnswers().isEmpty(), WAIT, () -> "the press was not answered");
        long other = 5014;
        webhook().post(UPDATES.text(ALLOWED, other, "/help"));
        telegram.awaitMessages(other, 1, WAIT);
        assertEquals(List.of("Not authorized."), telegram.callbackAnswers(), "the repetition was answered too");
    }

    @Test
    void buttonPressWithoutDataStopsTheSpinnerAndDoesNothingElse() {
        long chat = 5015;
        assertEquals(200, webhook().post(UPDATES.callback(chat, ALLOWED, 79, null)));
        Await.until(() -> !telegram.callbackAnswers().isEmpty(), WAIT, () -> "the press was not answered");
        assertEquals(Collections.singletonList(null), telegram.callbackAnswers(), "answered with a text");
        assertTrue(telegram.messages(chat).isEmpty());
    }

    @Test
    void commandMenuIsRegisteredAtStartWithEveryHelpLine() {
        long chat = 5016;
        webhook().post(UPDATES.text(ALLOWED, chat, "/help"));
        String help = telegram.awaitMessages(chat, 1, WAIT).get(0);
        Await.until(() -> !telegram.callsSinceStart("setMyCommands").isEmpty(), WAIT, () -> "setMyCommands never reached Telegram");
        Map<String, String> menu = new LinkedHashMap<>();
        JsonParser.parseString(telegram.callsSinceStart("setMyCommands").get(0).params().get("commands")).getAsJsonArray()
                .forEach(e -> menu.put(e.getAsJsonObject().get("command").getAsString(), e.getAsJsonObject().get("description").getAsString()));
        List<String> lines = help.lines().filter(l -> l.startsWith("/")).collect(Collectors.toList());
        assertTrue(lines.size() >= 7, help);
        for (String line : lines) {
            // "/new <name> [persona] - create ..." is shown in the menu as /new: "<name> [persona] - create ..."
            String command = line.substring(1).split(" ", 2)[0];
            String description = line.substring(command.length() + 2).replaceFirst("^- ", "");
            assertEquals(description, menu.get(command), "/" + command + " in the menu " + menu);
        }
        assertEquals(lines.size(), menu.size(), "the menu has commands /help does not list: " + menu);
    }

    @Test
    void readinessIsUpWhenEverythingIsConfigured() {
        String ready = Webhook.get(Deployments.root(deployed) + "/health/ready");
        assertTrue(ready.startsWith("200"), ready);
        assertTrue(ready.contains("\"UP\""), ready);
        Await.until(() -> Webhook.get(Deployments.root(deployed) + "/health/started").startsWith("200"), WAIT, () -> "started");
        assertTrue(Webhook.get(Deployments.root(deployed) + "/health/live").startsWith("200"));
    }
}
