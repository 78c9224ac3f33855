package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.telegram.entity.Outgoing;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A chat's queue lives only while it has something to send: answering many chats once leaves none. */
class OutboxQueuesTest {

    final ChatQueueTest.ScriptedTelegram telegram = new ChatQueueTest.ScriptedTelegram();
    final Outbox outbox = new Outbox();

    OutboxQueuesTest() {
        TelegramConfig config = new TelegramConfig();
        config.token = Optional.of("123:t");
        outbox.sender = telegram;
        outbox.config = config;
        outbox.workers = new ChatQueueTest.Inline();
    }

    @Test
    void chatsAnsweredOnceKeepNoQueue() {
        for (long chat = 1; chat <= 10_000; chat++) {
            outbox.send(chat, "Not authorized.");
        }
        assertEquals(10_000, telegram.calls.size());
        assertEquals(0, outbox.queues());
    }

    @Test
    void aChatWrittenToAgainAfterItsQueueRetiredKeepsItsOrder() {
        outbox.send(5, "one");
        outbox.send(5, "two");
        outbox.typing(5);
        outbox.send(5, "three");
        assertEquals(List.of("one", "two", "three"), telegram.calls.stream()
                .filter(c -> c.kind() == Outgoing.Kind.MESSAGE).map(Outgoing::text).collect(Collectors.toList()));
        assertEquals(0, outbox.queues());
    }
}
