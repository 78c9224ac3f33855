package ccgateway.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.inbox.entity.InboxMessage;
import ccgateway.inbox.entity.InboxState;
import ccgateway.storage.control.DataDir;
import ccgateway.storage.control.Database;
import ccgateway.testing.Updates;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.utility.BotUtils;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox on a real embedded H2 file database, through EclipseLink, outside the container. */
class InboxTest {

    static final long USER = 42;

    @TempDir
    Path data;

    private final List<Database> opened = new ArrayList<>();

    Inbox open() {
        return open(DataDir.at(data));
    }

    Inbox open(DataDir dir) {
        return open(dir, null, Inbox.REMEMBERED);
    }

    Inbox open(DataDir dir, Executor background, int remembered) {
        Database database = Database.at(dir, null, null, null);
        opened.add(database);
        Inbox inbox = new Inbox();
        inbox.database = database;
        inbox.dataDir = dir;
        inbox.background = background;
        inbox.remembered = remembered;
        inbox.load();
        return inbox;
    }

    void restart(Inbox inbox) {
        inbox.close();
        opened.remove(opened.size() - 1).shutdown();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Database::shutdown);
    }

    static Update text(long id, long chat, String text) {
        return BotUtils.parseUpdate(Updates.text(id, USER, chat, text));
    }

    @Test
    void anAcceptedMessageIsInTheInboxAfterARestartWithItsContentChatAndSender() {
        Inbox inbox = open();
        assertTrue(inbox.accept(text(7, 1001, "please run the tests")));
        restart(inbox);

        Inbox again = open();
        List<InboxMessage> left = again.left(InboxState.RECEIVED);
        assertEquals(1, left.size());
        assertEquals(1001L, left.get(0).chatId());
        Update update = Inbox.parse(left.get(0)).orElseThrow();
        assertEquals("please run the tests", update.message().text());
        assertEquals(USER, update.message().from().id());
        assertFalse(again.accept(text(7, 1001, "please run the tests")), "a re-delivery after the restart is a repetition");
    }

    @Test
    void concurrentDeliveriesAreAcceptedOnceEachAndRememberedAfterARestart() throws Exception {
        Inbox inbox = open();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                work.add(threads.submit(() -> {
                    for (long id = 1; id <= 300; id++) {
                        if (inbox.accept(text(id, 1000 + id % 7, "m" + id))) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(300, accepted.get(), "every id accepted exactly once among 16 concurrent deliveries");
        restart(inbox);
        Inbox restarted = open();
        assertEquals(300, restarted.left(InboxState.RECEIVED).size());
        for (long id = 1; id <= 300; id++) {
            assertFalse(restarted.accept(text(id, 1000, "m" + id)), "forgotten after restart: " + id);
        }
        assertEquals(300L, restarted.highestAtStart().orElseThrow());
    }

    @Test
    void theLedgerKeepsTheNewestIdsAndForgetsOlderOnes() {
        Inbox inbox = open(DataDir.at(data), null, 100);
        for (long id = 1; id <= 250; id++) {
            assertTrue(inbox.accept(text(id, 1001, "m")));
            inbox.handled(id, null);
        }
        inbox.flush();
        restart(inbox);
        Inbox again = open(DataDir.at(data), null, 100);
        assertFalse(again.accept(text(250, 1001, "m")), "among the newest: remembered");
        assertFalse(again.accept(text(160, 1001, "m")), "among the newest: remembered");
        assertTrue(again.accept(text(3, 1001, "m")), "long forgotten: the ledger does not grow without bound");
    }

    @Test
    void whatTheJournalAcknowledgedButTheDatabaseNeverGotIsInTheInboxAfterAKill() {
        List<Runnable> neverRun = new ArrayList<>();
        Inbox inbox = open(DataDir.at(data), neverRun::add, Inbox.REMEMBERED);
        assertTrue(inbox.accept(text(11, 1001, "one")));
        assertTrue(inbox.accept(text(12, 1002, "two")));
        assertTrue(inbox.left(InboxState.RECEIVED).isEmpty(), "the database gets them in the background, which never ran");
        // a kill: no flush, no close; the database is dropped as it is
        opened.remove(opened.size() - 1).shutdown();

        Inbox again = open();
        assertEquals(List.of(11L, 12L), ids(again.left(InboxState.RECEIVED)));
        assertFalse(again.accept(text(12, 1002, "two")));
        try (var files = Files.list(data.resolve("state"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".journal")), "replayed segments are deleted");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMessageHandledBeforeAKillIsNotDeliveredAgainThoughTheDatabaseNeverHeardOfIt() {
        List<Runnable> neverRun = new ArrayList<>();
        Inbox inbox = open(DataDir.at(data), neverRun::add, Inbox.REMEMBERED);
        inbox.accept(text(31, 1001, "/sessions"));
        inbox.accept(text(32, 1001, "a message for claude, still waiting"));
        inbox.handled(31, null);
        inbox.claim(32);
        opened.remove(opened.size() - 1).shutdown(); // a kill -9: the database got nothing

        Inbox again = open();
        assertEquals(List.of(32L), ids(again.left(InboxState.RECEIVED)), "the handled command would be answered twice");
        assertFalse(again.accept(text(31, 1001, "/sessions")), "still a repetition");
    }

    @Test
    void updateIdsOfThePreviousVersionAreImportedOnce() throws Exception {
        Files.createDirectories(data.resolve("state"));
        Files.writeString(data.resolve("state").resolve("update-ids"), "5\n6\n7\n8");
        Inbox inbox = open();
        assertFalse(inbox.accept(text(5, 1001, "old")));
        assertFalse(inbox.accept(text(7, 1001, "old")));
        assertTrue(inbox.accept(text(8, 1001, "torn: never acknowledged")));
        assertTrue(Files.exists(data.resolve("state/update-ids.imported")));
        assertFalse(Files.exists(data.resolve("state/update-ids")));
    }

    @Test
    void handledUpdatesLeaveTheInboxClaimedOnesStayUntilTheirTurnEnds() {
        Inbox inbox = open();
        inbox.accept(text(1, 1001, "/sessions"));
        inbox.accept(text(2, 1001, "hello claude"));
        inbox.accept(text(3, 1001, "and more"));
        inbox.handled(1, null);
        inbox.claim(2);
        inbox.claim(3);
        inbox.handled(2, null);
        inbox.handled(3, null);
        inbox.flush();
        assertEquals(List.of(2L, 3L), ids(inbox.left(InboxState.RECEIVED)));

        assertTrue(inbox.delivering(List.of(2L, 3L), "work", "hello claude\n\nand more"));
        List<InboxMessage> delivered = inbox.left(InboxState.DELIVERED);
        assertEquals(List.of(2L, 3L), ids(delivered));
        assertEquals("work", delivered.get(0).sessionName());
        assertEquals("hello claude\n\nand more", delivered.get(0).turnText());
        assertEquals(null, delivered.get(1).turnText(), "one turn, one notice: its first message carries the words");

        inbox.forget(List.of(2L, 3L));
        inbox.flush();
        assertTrue(inbox.left(InboxState.DELIVERED).isEmpty());
        assertTrue(inbox.left(InboxState.RECEIVED).isEmpty());
    }

    @Test
    void aMessageHandledWhileItsRowIsStillOnItsWayToTheDatabaseIsGoneFromTheInbox() {
        List<Runnable> later = new ArrayList<>();
        Inbox inbox = open(DataDir.at(data), later::add, Inbox.REMEMBERED);
        inbox.accept(text(21, 1001, "/help"));
        inbox.handled(21, null);
        // the row and its deletion reach the database in one batch, in that order
        inbox.flush();
        assertTrue(inbox.left(InboxState.RECEIVED).isEmpty(), "a handled command would be handled again after a restart");
    }

    @Test
    void theTurnTextKeptIsItsFirstSixtyCharactersNeverHalfACharacter() {
        String emoji = "😀".repeat(70);
        assertEquals(60, InboxMessage.firstCharacters(emoji, 60).codePointCount(0, 120));
        assertEquals("short", InboxMessage.firstCharacters("short", 60));
    }

    @Test
    void aFullDataDirRefusesTheUpdateAndKeepsNothingOfIt() {
        Inbox inbox = open(DataDir.at(data, Long.MAX_VALUE));
        assertThrows(UncheckedIOException.class, () -> inbox.accept(text(9, 1001, "lost?")));
        assertTrue(inbox.left(InboxState.RECEIVED).isEmpty());
        restart(inbox);
        Inbox roomy = open();
        assertTrue(roomy.accept(text(9, 1001, "lost?")), "refused before, so Telegram's retry is a first delivery");
    }

    @Test
    void theDatabaseFileIsUnderTheStateDir() {
        open().accept(text(1, 1001, "x"));
        assertTrue(Files.exists(data.resolve("state/gateway.mv.db")));
    }

    static List<Long> ids(List<InboxMessage> messages) {
        return messages.stream().map(InboxMessage::updateId).toList();
    }
}
