package ccgateway.telegram.control;

import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import ccgateway.storage.control.Database;
import ccgateway.telegram.entity.PollingOffset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Polling mode's offset in the database (SPEC §12): read once at start, written after each batch.
 * A data dir of the previous version kept it in {@code state/polling-offset}: imported at the first
 * read, then renamed {@code polling-offset.imported}; an unreadable one is reported and moved aside.
 */
@ApplicationScoped
public class PollingOffsets {

    private static final System.Logger LOG = System.getLogger(PollingOffsets.class.getName());
    static final String POLLER = "telegram";
    static final String PREVIOUS_FILE = "polling-offset";

    @Inject
    Database database;

    @Inject
    DataDir dataDir;

    /** The next update wanted; 0 (Telegram's oldest pending) when none was ever written. */
    public long read() {
        importPreviousVersion();
        return stored();
    }

    private long stored() {
        EntityManager em = database.entityManager();
        try {
            PollingOffset offset = em.find(PollingOffset.class, POLLER);
            return offset == null ? 0 : offset.nextUpdateId();
        } finally {
            em.close();
        }
    }

    /**
     * Durable when this returns, also against a kill -9.
     * @throws RuntimeException when the database refuses: a restart then fetches again what the ledger drops
     */
    public void write(long next) {
        EntityManager em = database.entityManager();
        try {
            em.getTransaction().begin();
            PollingOffset offset = em.find(PollingOffset.class, POLLER);
            if (offset == null) {
                em.persist(new PollingOffset(POLLER, next, System.currentTimeMillis()));
            } else {
                offset.moveTo(next, System.currentTimeMillis());
            }
            em.getTransaction().commit();
            database.makeDurable(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private void importPreviousVersion() {
        Path file = dataDir.state().resolve(PREVIOUS_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        long next;
        try {
            next = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0} ({1}); polling from Telegram''s oldest pending update; "
                    + "the ledger still drops repetitions; {2}", file, e.toString(), AtomicFiles.moveAsideAndSay(file));
            return;
        }
        // ids only grow: a file imported again (its rename failed) never moves the offset back
        write(Math.max(next, stored()));
        try {
            Files.move(file, file.resolveSibling(PREVIOUS_FILE + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Imported {0} but cannot rename it: {1}; it is imported again at the next start", file, e.toString());
        }
        LOG.log(System.Logger.Level.INFO, "Imported the polling offset {0} of the previous version from {1}", String.valueOf(next), file);
    }
}
