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
        assertTrue(restarted.firstSeen(501));
        assertEquals(501, restarted.highest().getAsLong());
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
}
