package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ccgateway.telegram.entity.Incoming;
import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import com.pengrad.telegrambot.utility.BotUtils;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §11 Topics: what goes into a topic names it, and a message written in one says which. */
class TopicRequestsTest {

    static final long CHAT = 7001;

    @Test
    void aMessageAndTypingIntoATopicCarryItsThreadIdAndEditsKeepIt() {
        Outgoing message = Outgoing.formatted(CHAT, "<b>hi</b>", "hi").inThread(42);
        assertEquals(42L, OutgoingRequests.of(message).getParameters().get("message_thread_id"));
        assertEquals(42L, OutgoingRequests.of(message.asPlain()).getParameters().get("message_thread_id"));
        assertEquals(42L, OutgoingRequests.of(Outgoing.typingIndicator(CHAT).inThread(42)).getParameters().get("message_thread_id"));
        assertFalse(OutgoingRequests.of(Outgoing.plain(CHAT, "hi")).getParameters().containsKey("message_thread_id"));
    }

    @Test
    void wordsForATopicThatIsGoneComeToTheChatInstead() {
        ChatQueueTest.ScriptedTelegram telegram = new ChatQueueTest.ScriptedTelegram();
        telegram.script.add(new SendOutcome.Rejected("400 Bad Request: message thread not found"));
        ChatQueue queue = new ChatQueue(CHAT, telegram, new ChatQueueTest.Inline());
        ChatQueue.Pending pending = new ChatQueue.Pending(Outgoing.plain(CHAT, "echo: hi").inThread(42), null);
        queue.add(pending);
        assertEquals(100, pending.done.join());
        assertEquals(List.of(42L, 0L), telegram.calls.stream().map(Outgoing::threadId).toList());
        assertEquals(true, ChatQueue.topicGone("400 Bad Request: TOPIC_CLOSED"));
        assertEquals(false, ChatQueue.topicGone("403 Forbidden: bot was blocked by the user"));
    }

    @Test
    void aMessageInATopicSaysWhichAndOneInAThreadOfRepliesDoesNot() {
        Incoming inTopic = incoming("\"chat\":{\"id\":-1004242,\"title\":\"g\",\"type\":\"supergroup\",\"is_forum\":true},"
                + "\"message_thread_id\":42,\"is_topic_message\":true");
        assertEquals(42, inTopic.threadId());
        assertEquals(true, inTopic.forum());
        Incoming reply = incoming("\"chat\":{\"id\":-1004243,\"title\":\"g\",\"type\":\"supergroup\"},\"message_thread_id\":42");
        assertEquals(0, reply.threadId());
        assertEquals(false, reply.forum());
    }

    private static Incoming incoming(String chatAndThread) {
        String json = "{\"update_id\":1,\"message\":{\"message_id\":5,\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"T\"},"
                + chatAndThread + ",\"date\":1,\"text\":\"hello\"}}";
        return Incoming.from(BotUtils.parseUpdate(json)).orElseThrow();
    }

}
