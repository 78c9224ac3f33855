package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Json;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC §10 "Chats" and "Secrets" on the packaged gateway: private chats by default, listed groups
 * for allowed users only, strangers silent in groups and told once in private, the bot leaving a
 * group it does not serve, commands for other bots left alone, and the token read from a file and
 * kept from Claude.
 */
class ChatsSystemIT {

    static final long ALLOWED = 1001;
    static final long STRANGER = 6666;
    static final long LISTED_GROUP = -1001000000600L;
    static final Duration WAIT = Duration.ofSeconds(30);
    /** After the marker's answer, how long a reply that should not come is given to show up anyway. */
    static final Duration GRACE = Duration.ofMillis(700);

    @RegisterExtension
    static final SystemGateway system = SystemGateway.withStubClaude("chats");
    static final GatewayProcess gateway = system.gateway();
    static final BotApiStub telegram = system.telegram();
    static final Updates updates = new Updates(3000);

    @BeforeAll
    static void start() {
        gateway.env("TELEGRAM_ALLOWED_CHATS", LISTED_GROUP + ", -1").start();
    }

    static void post(String update) {
        assertEquals(200, gateway.webhook().post(update));
    }

    /** A message in a group or supergroup, as Telegram sends it. */
    static String inGroup(long userId, long chatId, String type, String text) {
        long id = updates.nextId();
        return "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + (id % 100000 + 1)
                + ",\"from\":{\"id\":" + userId + ",\"is_bot\":false,\"first_name\":\"Test\"},"
                + "\"chat\":{\"id\":" + chatId + ",\"title\":\"A group\",\"type\":\"" + type + "\"},"
                + "\"date\":" + Instant.now().getEpochSecond() + ",\"text\":" + Json.quote(text) + "}}";
    }

    /** The bot's own membership of a group changed ({@code my_chat_member}), by {@code byUser}. */
    static String added(long chatId, long byUser, String oldStatus, String newStatus) {
        String bot = "{\"id\":123456,\"is_bot\":true,\"first_name\":\"stub\",\"username\":\"stub_bot\"}";
        return "{\"update_id\":" + updates.nextId() + ",\"my_chat_member\":{"
                + "\"chat\":{\"id\":" + chatId + ",\"title\":\"A group\",\"type\":\"supergroup\"},"
                + "\"from\":{\"id\":" + byUser + ",\"is_bot\":false,\"first_name\":\"Test\"},"
                + "\"date\":" + Instant.now().getEpochSecond() + ","
                + "\"old_chat_member\":{\"user\":" + bot + ",\"status\":\"" + oldStatus + "\"},"
                + "\"new_chat_member\":{\"user\":" + bot + ",\"status\":\"" + newStatus + "\"}}}";
    }

    /**
     * Updates are handled in update_id order: once an allowed user's /help, posted last, is
     * answered, everything before it was decided. A little grace covers a reply already queued.
     */
    static void afterTheRest(long markerChat) throws InterruptedException {
        int before = telegram.messages(markerChat).size();
        post(updates.text(ALLOWED, markerChat, "/help"));
        telegram.awaitMessages(markerChat, before + 1, WAIT);
        Thread.sleep(GRACE.toMillis());
    }

    static List<Long> leftChats() {
        return telegram.calls("leaveChat").stream().map(BotApiStub.Call::chatId).collect(Collectors.toList());
    }

    @Test
    void anUnlistedGroupIsAnsweredNothingAndTheBotLeavesOnce() throws Exception {
        long group = -1001000000500L;
        post(inGroup(ALLOWED, group, "supergroup", "/help"));
        post(inGroup(ALLOWED, group, "supergroup", "hello"));
        post(inGroup(STRANGER, group, "supergroup", "/new x"));
        Await.until(() -> leftChats().contains(group), WAIT, () -> "the bot did not leave " + group + ": " + telegram.calls());
        afterTheRest(ALLOWED);
        assertEquals(List.of(), telegram.messages(group), "something was sent into an unlisted group");
        assertEquals(1, leftChats().stream().filter(c -> c == group).count(), "left more than once: " + leftChats());
    }

    @Test
    void addedToAnUnlistedGroupTheBotLeavesAtOnceAndNotAgainForItsMessages() throws Exception {
        long group = -1001000000501L;
        post(added(group, ALLOWED, "left", "member"));
        Await.until(() -> leftChats().contains(group), WAIT, () -> "the bot did not leave " + group + ": " + telegram.calls());
        post(inGroup(ALLOWED, group, "group", "/help"));
        afterTheRest(ALLOWED);
        assertEquals(1, leftChats().stream().filter(c -> c == group).count(), "left more than once: " + leftChats());
        assertEquals(List.of(), telegram.messages(group));
    }

    @Test
    void aListedGroupServesOnlyAllowedUsersAndStrangersGetSilence() throws Exception {
        post(added(LISTED_GROUP, ALLOWED, "left", "administrator"));
        post(inGroup(STRANGER, LISTED_GROUP, "supergroup", "/help"));
        post(inGroup(STRANGER, LISTED_GROUP, "supergroup", "/sessions"));
        post(inGroup(ALLOWED, LISTED_GROUP, "supergroup", "/help"));
        String help = telegram.awaitMessages(LISTED_GROUP, 1, WAIT).get(0);
        assertTrue(help.contains("/new"), help);
        afterTheRest(ALLOWED);
        assertEquals(1, telegram.messages(LISTED_GROUP).size(), "a stranger was answered in the group: " + telegram.messages(LISTED_GROUP));
        assertFalse(leftChats().contains(LISTED_GROUP), "the bot left a listed group");
    }

    @Test
    void aStrangerInPrivateIsToldOnceForTwoMessages() throws Exception {
        long stranger = 6667;
        post(updates.text(stranger, stranger, "/help"));
        post(updates.text(stranger, stranger, "hello?"));
        assertEquals("Not authorized.", telegram.awaitMessages(stranger, 1, WAIT).get(0));
        afterTheRest(ALLOWED);
        assertEquals(List.of("Not authorized."), telegram.messages(stranger));
    }

    @Test
    void aCommandForAnotherBotIsIgnoredAndOneForThisBotAnswered() throws Exception {
        long chat = 1002;
        post(updates.text(chat, chat, "/help@otherbot"));
        post(inGroup(ALLOWED, LISTED_GROUP, "supergroup", "/sessions@otherbot"));
        post(updates.text(chat, chat, "/help@stub_bot"));
        String help = telegram.awaitMessages(chat, 1, WAIT).get(0);
        assertTrue(help.contains("/new"), help);
        int inGroup = telegram.messages(LISTED_GROUP).size();
        afterTheRest(ALLOWED);
        assertEquals(1, telegram.messages(chat).size(), "/help@otherbot was answered: " + telegram.messages(chat));
        assertEquals(inGroup, telegram.messages(LISTED_GROUP).size(), "/sessions@otherbot was answered in the group");
    }

    @Test
    void theTokenAndWebhookSecretFromFilesWorkAndClaudeSeesNeitherNorTheirPaths() throws Exception {
        try (SystemGateway secrets = SystemGateway.withStubClaude("chats-secrets")) {
            Path token = Files.writeString(secrets.root().resolve("bot-token"), BotApiStub.TOKEN + "\n");
            Path secret = Files.writeString(secrets.root().resolve("webhook-secret"), Webhook.SECRET + "\n");
            GatewayProcess fromFiles = secrets.gateway().env("TELEGRAM_BOT_TOKEN", null).env("TELEGRAM_WEBHOOK_SECRET", null)
                    .env("TELEGRAM_BOT_TOKEN_FILE", token.toString()).env("TELEGRAM_WEBHOOK_SECRET_FILE", secret.toString()).start();
            String ready = Webhook.get(fromFiles.url() + "/health/ready");
            assertTrue(ready.startsWith("200"), ready);
            Updates mine = new Updates(100);
            long chat = ALLOWED;
            assertEquals(200, fromFiles.webhook().post(mine.text(ALLOWED, chat, "/new filed")));
            secrets.telegram().awaitMessage(chat, m -> m.contains("Created session 'filed'"), WAIT);
            assertEquals(200, fromFiles.webhook().post(mine.text(ALLOWED, chat, "hi")));
            secrets.telegram().awaitMessage(chat, m -> m.contains("echo: hi"), WAIT);

            StubLog.Launch launch = secrets.claude().awaitLaunch("filed", 1, WAIT);
            String env = launch.env().toString();
            assertFalse(env.contains(BotApiStub.TOKEN), "the token reached claude's environment");
            assertFalse(env.contains(Webhook.SECRET), "the webhook secret reached claude's environment");
            assertFalse(launch.env().containsKey("TELEGRAM_BOT_TOKEN_FILE"), env);
            assertFalse(launch.env().containsKey("TELEGRAM_WEBHOOK_SECRET_FILE"), env);
            assertFalse(env.contains(token.toString()), "the token file's path reached claude's environment");
            fromFiles.stop();
            assertFalse(fromFiles.log().contains(BotApiStub.TOKEN), "the bot token appeared in the log");

            Path missing = secrets.root().resolve("no-such-token");
            fromFiles.env("TELEGRAM_BOT_TOKEN_FILE", missing.toString()).start();
            String notReady = Webhook.get(fromFiles.url() + "/health/ready");
            assertTrue(notReady.startsWith("503") && notReady.contains(missing.toString()), notReady);
        }
    }
}
