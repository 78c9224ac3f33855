package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.conversation.control.Conversations;
import ccgateway.inbox.control.Inbox;
import ccgateway.sessions.control.SessionStore;
import ccgateway.telegram.control.Downloads;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Incoming;
import ccgateway.threads.control.Workers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A chat's messages to a session keep their order around a download, which waits for no one for long. */
class InOrderTest {

    final List<String> delivered = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    final List<CompletableFuture<String>> downloads = new ArrayList<>();
    final InOrder inOrder = new InOrder();

    InOrderTest() {
        inOrder.conversations = new Conversations() {
            @Override
            public void deliver(String session, long chatId, String text, long updateId) {
                delivered.add(session + ":" + text);
            }
        };
        inOrder.downloads = new Downloads() {
            @Override
            public CompletionStage<String> fetch(Incoming.Attachment attachment, Path sessionDir) {
                CompletableFuture<String> download = new CompletableFuture<>();
                downloads.add(download);
                return download;
            }
        };
        inOrder.store = new SessionStore() {
            @Override
            public Path directory(String name) {
                return Path.of("/data/sessions", name);
            }
        };
        inOrder.outbox = new Outbox() {
            @Override
            public CompletionStage<Boolean> send(long chatId, String text) {
                told.add(text);
                return CompletableFuture.completedFuture(true);
            }
        };
        inOrder.inbox = new Inbox() {
            @Override
            public void claim(long updateId) {
            }

            @Override
            public void forget(java.util.Collection<Long> updateIds) {
            }
        };
        inOrder.workers = new Workers() {
            @Override
            public ScheduledFuture<?> later(Duration delay, Runnable task) {
                timers.add(task);
                return new NeverDue();
            }
        };
    }

    /** A timer the test runs by hand ({@link #timers}); cancelling it does nothing. */
    static final class NeverDue extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }

    static final Incoming.Attachment FILE = new Incoming.Attachment(Incoming.Attachment.Kind.DOCUMENT, "f1", "a.txt", 3);

    @Test
    void aTextWithNoFileOnItsWayGoesAtOnce() {
        inOrder.text("work", 1, "hello", 0);
        assertEquals(List.of("work:hello"), delivered);
    }

    @Test
    void aTextAfterAFileWaitsForTheFile() {
        inOrder.file("work", 1, FILE, "", 0);
        inOrder.text("work", 1, "what is in it?", 0);
        assertEquals(List.of(), delivered);
        downloads.get(0).complete("uploads/x-a.txt");
        assertEquals(List.of("work:The user sent a document: uploads/x-a.txt", "work:what is in it?"), delivered);
    }

    @Test
    void aFileSlowerThanTheHoldNoLongerHoldsUpWhatFollowed() {
        inOrder.file("work", 1, FILE, "", 0);
        inOrder.text("work", 1, "one", 0);
        inOrder.text("work", 1, "two", 0);
        timers.get(0).run(); // the hold of "one" is over
        assertEquals(List.of("work:one", "work:two"), delivered);
        downloads.get(0).completeExceptionally(new Downloads.Refused("stalled"));
        assertEquals(List.of("stalled"), told);
    }

    @Test
    void otherSessionsAndOtherChatsNeverWait() {
        inOrder.file("work", 1, FILE, "", 0);
        inOrder.text("other", 1, "to another session", 0);
        inOrder.text("work", 2, "from another chat", 0);
        assertEquals(List.of("other:to another session", "work:from another chat"), delivered);
    }
}
