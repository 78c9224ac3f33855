package ccgateway.inbox.control;

import ccgateway.inbox.entity.SeenUpdate;
import ccgateway.storage.control.Database;
import ccgateway.storage.control.DataDir;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A data dir of the version before the database (SPEC §12): its update-id journal
 * ({@code state/update-ids}, one id per line, oldest first) goes into the ledger once, then the
 * file is renamed {@code update-ids.imported}, kept for a person to look at.
 */
final class PreviousVersion {

    private static final System.Logger LOG = System.getLogger(PreviousVersion.class.getName());
    static final String UPDATE_IDS = "update-ids";

    private final DataDir dataDir;
    private final Database database;

    PreviousVersion(DataDir dataDir, Database database) {
        this.dataDir = dataDir;
        this.database = database;
    }

    void importUpdateIds() {
        Path file = dataDir.state().resolve(UPDATE_IDS);
        if (!Files.exists(file)) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII);
            // only whole lines: an id counted once its newline was on disk
            for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
                try {
                    ids.add(Long.parseLong(line.trim()));
                } catch (NumberFormatException e) {
                    // an empty line: nothing that was acknowledged
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0} of the previous version: {1}; left in place", file, e.toString());
            return;
        }
        long now = System.currentTimeMillis();
        EntityManager em = database.entityManager();
        int added = 0;
        try {
            em.getTransaction().begin();
            for (int i = 0; i < ids.size(); i++) {
                if (em.find(SeenUpdate.class, ids.get(i)) == null) {
                    // ages in the order of the file, all before this start
                    em.persist(new SeenUpdate(ids.get(i), now - ids.size() + i));
                    added++;
                }
            }
            em.getTransaction().commit();
            database.makeDurableOnDisk(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        try {
            Files.move(file, file.resolveSibling(UPDATE_IDS + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Imported {0} but cannot rename it: {1}; it is imported again (harmlessly) at the next start", file, e.toString());
        }
        LOG.log(System.Logger.Level.INFO, "Imported {0} update id(s) of the previous version from {1} ({2} new)", ids.size(), file, added);
    }
}
