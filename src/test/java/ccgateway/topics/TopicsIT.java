package ccgateway.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §11 Topics on the real WAR: where the chat has topics (getMe's {@code has_topics_enabled}
 * for private chats, a listed forum supergroup), each session is a topic; without them, the words
 * of a session that is not the active one start with its name.
 */
class TopicsIT extends DeployedGateway {

    /** Listed in arquillian.xml's telegram.allowed-chats: a forum supergroup here, a plain group for the labels. */
    static final long GROUP = -4242;

    @BeforeAll
    static void theBotHasTopicsInPrivateChats() {
        telegram.reportTopicsInPrivateChats(true);
    }

    /** Private chats of this class, one per test; a positive id is a person's chat. */
    static long chat(int test) {
        return 7_200_000 + test;
    }

    @Test
    void everySessionIsATopicAndAMessageInItReachesThatSessionWithoutSwitch() {
        long chat = chat(1);
        untilTheGatewayKnowsTheBot(chat);
        String first = newSession(chat, "topic-first");
        long firstTopic = telegram.awaitTopic(chat, first, WAIT);
        String second = newSession(chat, "topic-second");
        long secondTopic = telegram.awaitTopic(chat, second, WAIT);
        assertNotEquals(firstTopic, secondTopic);

        post(UPDATES.topicText(USER, chat, firstTopic, "for the first"));
        telegram.awaitMessage(chat, firstTopic, "echo: for the first"::equals, WAIT);
        post(UPDATES.topicText(USER, chat, secondTopic, "for the second"));
        telegram.awaitMessage(chat, secondTopic, "echo: for the second"::equals, WAIT);
        assertEquals(1, CLAUDE.stdin(first).size(), "the first session got: " + CLAUDE.stdin(first));
        assertTrue(telegram.delivered().stream().anyMatch(c -> c.method().equals("sendChatAction") && c.chatId() == chat
                && c.threadId() == firstTopic), "no typing in the first topic");

        // outside every topic a message goes to the active session, which answers in its topic
        post(UPDATES.topicText(USER, chat, 0, "outside the topics"));
        telegram.awaitMessage(chat, secondTopic, "echo: outside the topics"::equals, WAIT);
        assertTrue(telegram.messages(chat, 0).stream().noneMatch(m -> m.contains("echo:")), telegram.messages(chat, 0).toString());
    }

    @Test
    void aCommandInATopicIsAnsweredInItForItsSession() {
        long chat = chat(2);
        untilTheGatewayKnowsTheBot(chat);
        String inTopic = newSession(chat, "topic-timeout");
        long topic = telegram.awaitTopic(chat, inTopic, WAIT);
        newSession(chat, "topic-other");
        post(UPDATES.topicText(USER, chat, topic, "/timeout 7"));
        telegram.awaitMessage(chat, topic, ("Idle timeout set to 7 minutes for session '" + inTopic + "'.")::equals, WAIT);
    }

    @Test
    void getInATopicSendsTheFileOfThatTopicsSessionIntoItAndAStickerThereIsAnsweredThere() throws IOException {
        long chat = chat(9);
        untilTheGatewayKnowsTheBot(chat);
        String first = newSession(chat, "topic-files");
        long topic = telegram.awaitTopic(chat, first, WAIT);
        newSession(chat, "topic-active");
        Files.writeString(DATA.resolve("sessions").resolve(first).resolve("report.txt"), "of the first session");
        post(UPDATES.topicText(USER, chat, topic, "/get report.txt"));
        Await.until(() -> telegram.delivered().stream().anyMatch(c -> c.method().equals("sendDocument") && c.chatId() == chat
                && c.threadId() == topic), WAIT, () -> "no document into the topic: " + telegram.calls("sendDocument"));
        assertEquals("of the first session", new String(telegram.documents(chat).get(0).bytes(), java.nio.charset.StandardCharsets.UTF_8));
        post(UPDATES.topicText(USER, chat, topic, "x").replace("\"text\":\"x\"", Updates.STICKER));
        telegram.awaitMessage(chat, topic, ccgateway.telegram.entity.MessageContent.NOT_SUPPORTED::equals, WAIT);
    }

    @Test
    void whileClaudeWritesInATopicTheDraftIsShownInThatTopic() {
        long chat = chat(10);
        untilTheGatewayKnowsTheBot(chat);
        String streaming = newSession(chat, "topic-drafts");
        long topic = telegram.awaitTopic(chat, streaming, WAIT);
        newSession(chat, "topic-elsewhere");
        post(UPDATES.topicText(USER, chat, topic, "#stream=2 write slowly"));
        telegram.awaitMessage(chat, topic, m -> m.contains("write slowly"), WAIT);
        List<ccgateway.testing.BotApiStub.Call> drafts = telegram.draftCalls(chat);
        assertTrue(!drafts.isEmpty() && drafts.stream().allMatch(c -> c.threadId() == topic),
                "drafts not in the session's topic: " + drafts);
    }


    @Test
    void archivingASessionClosesItsTopic() {
        long chat = chat(3);
        untilTheGatewayKnowsTheBot(chat);
        String doomed = newSession(chat, "topic-doomed");
        long topic = telegram.awaitTopic(chat, doomed, WAIT);
        send(chat, "/archive " + doomed);
        await(chat, "Archived session '" + doomed + "'.");
        Await.until(() -> telegram.delivered().stream().anyMatch(c -> c.method().equals("closeForumTopic") && c.chatId() == chat
                && c.threadId() == topic), WAIT, () -> "topic not closed: " + telegram.calls("closeForumTopic"));
    }

    @Test
    void aTopicTelegramRefusesLeavesTheSessionWorkingInTheChat() {
        long chat = chat(4);
        untilTheGatewayKnowsTheBot(chat);
        telegram.failNext("createForumTopic", 1, 400, "Bad Request: not enough rights to create a topic");
        String name = name("topic-refused");
        send(chat, "/new " + name);
        String created = await(chat, "Created session '" + name + "'");
        assertTrue(created.endsWith("\n\nCould not create a topic for session '" + name + "'; its answers come here."), created);
        send(chat, "hello without a topic");
        telegram.awaitMessage(chat, 0, "echo: hello without a topic"::equals, WAIT);
    }

    @Test
    void wordsForATopicThePersonDeletedComeToTheChatInstead() {
        long chat = chat(5);
        untilTheGatewayKnowsTheBot(chat);
        String name = newSession(chat, "topic-deleted");
        long topic = telegram.awaitTopic(chat, name, WAIT);
        telegram.failNext("sendMessage", 1, 400, "Bad Request: message thread not found");
        post(UPDATES.topicText(USER, chat, topic, "into a deleted topic"));
        telegram.awaitMessage(chat, 0, "echo: into a deleted topic"::equals, WAIT);
        assertTrue(telegram.faulted("sendMessage").stream().anyMatch(c -> c.threadId() == topic), telegram.faulted("sendMessage").toString());
    }

    @Test
    void inAForumSupergroupEachSessionIsATopicToo() {
        String name = name("forum");
        post(UPDATES.forumText(USER, GROUP, 0, "/new " + name));
        telegram.awaitMessage(GROUP, 0, m -> m.startsWith("Created session '" + name + "'"), WAIT);
        long topic = telegram.awaitTopic(GROUP, name, WAIT);
        post(UPDATES.forumText(USER, GROUP, topic, "in the forum"));
        telegram.awaitMessage(GROUP, topic, "echo: in the forum"::equals, WAIT);
    }

    @Test
    void withoutTopicsTheWordsOfASessionThatIsNotActiveStartWithItsName() throws IOException {
        String earlier = name("labelled");
        send(USER, GROUP, "/new " + earlier);
        await(GROUP, "Created session '" + earlier + "'");
        Path go = DATA.resolve("go-" + earlier).toAbsolutePath();
        send(USER, GROUP, "#wait-for=" + go + " #tool from the earlier one");
        CLAUDE.awaitLaunch(earlier, 1, WAIT);
        Await.until(() -> CLAUDE.stdin(earlier).size() == 1, WAIT, () -> "message not written");
        String active = name("active");
        send(USER, GROUP, "/new " + active);
        await(GROUP, "Created session '" + active + "'");
        Files.createFile(go);
        try {
            await(GROUP, "echo: #wait-for=");
            List<String> fromEarlier = telegram.messages(GROUP).stream()
                    .filter(m -> m.contains("echo: #wait-for=") || m.startsWith("🔧") || m.contains("[" + earlier + "] ")).toList();
            assertTrue(fromEarlier.stream().allMatch(m -> m.startsWith("[" + earlier + "] ")), fromEarlier.toString());
            assertTrue(fromEarlier.stream().anyMatch(m -> m.startsWith("[" + earlier + "] 🔧 Bash")), fromEarlier.toString());
            send(USER, GROUP, "for the active one");
            await(GROUP, "echo: for the active one");
            assertTrue(telegram.messages(GROUP).contains("echo: for the active one"), "the active session is labelled");
        } finally {
            Files.deleteIfExists(go);
        }
    }

    /**
     * The gateway asks getMe at start, maybe before this class's stub was up; a command addressed to
     * the bot makes it ask again (at most every 10 s) until it knows the bot, and with it its topics.
     */
    void untilTheGatewayKnowsTheBot(long chat) {
        AtomicLong asked = new AtomicLong();
        Await.until(() -> {
            if (telegram.messages(chat).stream().anyMatch(m -> m.contains("/new"))) {
                return true;
            }
            if (System.nanoTime() - asked.get() > 2_000_000_000L) {
                asked.set(System.nanoTime());
                send(chat, "/help@stub_bot");
            }
            return false;
        }, WAIT, () -> "no answer to /help@stub_bot: " + telegram.messages(chat));
    }
}
