package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
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

    @Test
    void whenSentWaitsForTheChatsLastMessageThroughItsRetriesAndNotForOtherChats() {
        List<Runnable> later = new ArrayList<>();
        outbox.workers = new Workers() {
            @Override
            public void run(Runnable task) {
                task.run();
            }

            @Override
            public ScheduledFuture<?> later(Duration delay, Runnable task) {
                later.add(task);
                return null;
            }
        };
        telegram.script.add(new SendOutcome.RetryAfter(Duration.ofSeconds(30)));
        outbox.send(5, "the answer");
        outbox.typing(5);
        CompletableFuture<Void> sent = outbox.whenSent(5).toCompletableFuture();
        assertFalse(sent.isDone(), "Telegram said 429: the answer is still only in memory");
        assertTrue(outbox.whenSent(6).toCompletableFuture().isDone(), "a chat with nothing queued waits for nothing");
        later.remove(0).run(); // the retry, after retry_after
        assertTrue(sent.isDone());
        assertEquals(2, telegram.calls.stream().filter(c -> c.kind() == Outgoing.Kind.MESSAGE).count());
    }
}
