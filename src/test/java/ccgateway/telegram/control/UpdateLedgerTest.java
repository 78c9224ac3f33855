package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.storage.control.DataDir;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateLedgerTest {

    @TempDir
    Path data;

    UpdateLedger open() {
        UpdateLedger ledger = new UpdateLedger();
        ledger.dataDir = DataDir.at(data);
        ledger.load();
        return ledger;
    }

    @Test
    void concurrentDeliveriesAreAcceptedOnceEachAndRememberedAfterARestart() throws Exception {
        UpdateLedger ledger = open();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                work.add(threads.submit(() -> {
                    for (long id = 1; id <= 500; id++) {
                        if (ledger.firstSeen(id)) {
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
        assertEquals(500, accepted.get(), "every id accepted exactly once among 16 concurrent deliveries");
        ledger.close();
        UpdateLedger restarted = open();
        for (long id = 1; id <= 500; id++) {
            assertFalse(restarted.firstSeen(id), "forgotten after restart: " + id);
        }
        assertEquals(500, restarted.highestAtStart().getAsLong());
        assertTrue(restarted.firstSeen(501));
        assertTrue(restarted.firstSeen(503));
        assertEquals(500, restarted.highestAtStart().getAsLong(),
                "ids of this run do not move the start: the dispatcher may ask in the middle of the first burst");
    }

    @Test
    void anIdThatCannotBeRecordedIsNotAcceptedAndStaysUnseen() throws Exception {
        UpdateLedger ledger = open();
        Files.createDirectories(data.resolve("state/update-ids"));
        assertThrows(UncheckedIOException.class, () -> ledger.firstSeen(7));
        Files.delete(data.resolve("state/update-ids"));
        assertTrue(ledger.firstSeen(7), "Telegram's retry must find the update unseen");
        assertFalse(ledger.firstSeen(7));
    }

    @Test
    void journalIsCompactedAndStillRemembersTheNewestIds() {
        UpdateLedger ledger = open();
        int total = UpdateLedger.REMEMBERED * 2 + 50;
        for (long id = 1; id <= total; id++) {
            assertTrue(ledger.firstSeen(id));
        }
        ledger.close();
        UpdateLedger restarted = open();
        assertFalse(restarted.firstSeen(total));
        assertFalse(restarted.firstSeen(total - UpdateLedger.REMEMBERED + 1));
    }
    @Test
    void aFullDataDirRefusesTheUpdateAndTheIdStaysUnseen() throws Exception {
        UpdateLedger full = new UpdateLedger();
        full.dataDir = DataDir.at(data, Long.MAX_VALUE); // no disk has that much free: "full"
        full.load();
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> full.firstSeen(7));
        assertTrue(refused.getMessage().contains("is full"), refused.getMessage());
        full.close();
        UpdateLedger roomy = open();
        assertTrue(roomy.firstSeen(7), "Telegram's retry, once there is space, must find the update unseen");
    }

    @Test
    void aLineCutShortIsNotAnIdAndTheNextIdIsNotGluedToIt() throws Exception {
        Path journal = data.resolve("state/update-ids");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "1\n2\n30"); // "30" of "3000004": the append was cut by a full disk or a crash
        UpdateLedger ledger = open();
        assertFalse(ledger.firstSeen(1));
        assertFalse(ledger.firstSeen(2));
        assertTrue(ledger.firstSeen(30), "an unfinished line was never acknowledged");
        assertTrue(ledger.firstSeen(4));
        ledger.close();
        assertEquals("1\n2\n30\n4\n", Files.readString(journal));
        UpdateLedger restarted = open();
        assertFalse(restarted.firstSeen(4), "forgotten after restart");
    }

    @Test
    void anAcceptedIdIsInTheJournalAtOnceAndItsFsyncFollowsInTheBackground() throws Exception {
        List<Runnable> fsyncLoops = new ArrayList<>();
        UpdateLedger ledger = new UpdateLedger();
        ledger.dataDir = DataDir.at(data);
        ledger.syncs = fsyncLoops::add;
        ledger.load();
        assertTrue(ledger.firstSeen(5));
        assertTrue(ledger.firstSeen(6));
        assertEquals("5\n6\n", Files.readString(data.resolve("state/update-ids")),
                "written before the answer: a crash of the gateway cannot lose an acknowledged id");
        assertEquals(1, fsyncLoops.size(), "one fsync loop serves every id written while it waits");
        fsyncLoops.get(0).run();
        assertTrue(ledger.firstSeen(7));
        assertEquals(2, fsyncLoops.size(), "the first loop ended when nothing was left; the next id starts another");
        fsyncLoops.get(1).run();
        ledger.close();
        assertFalse(open().firstSeen(7), "forgotten after restart");
    }
}
