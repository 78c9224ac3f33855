package ccgateway.testing;

import ccgateway.storage.control.DataDir;
import ccgateway.storage.control.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's database for a unit test, opened and reopened ("restarted") like the gateway does:
 * the embedded H2 of a data dir, or a PostgreSQL database of the test's own ({@link #postgres}).
 */
public final class StateDatabase implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String url;
    private final List<Database> opened = new ArrayList<>();

    private StateDatabase(String url) {
        this.url = url;
    }

    public static StateDatabase embedded() {
        return new StateDatabase(null);
    }

    /** A new database on the shared test server: run under {@code @ExtendWith(PostgresAvailable.class)}. */
    public static StateDatabase postgres(String prefix) {
        return new StateDatabase(PostgresServer.shared().createDatabase(prefix + "_" + NAMES.incrementAndGet()));
    }

    public boolean isEmbedded() {
        return url == null;
    }

    /** The database as a gateway on {@code dir} opens it at start; migrated. */
    public Database open(DataDir dir) {
        Database database = isEmbedded() ? Database.at(dir, null, null, null)
                : Database.at(dir, url, PostgresServer.shared().user(), PostgresServer.shared().password());
        opened.add(database);
        return database;
    }

    /** Closes the last one opened (a graceful stop). */
    public void stop() {
        if (!opened.isEmpty()) {
            opened.remove(opened.size() - 1).shutdown();
        }
    }

    /**
     * Embedded: a copy of the database file as it is on disk now, in a data dir of its own: what a
     * kill -9 at this moment would leave to the next start.
     */
    public DataDir copyOnDisk(DataDir dir, Path target) {
        try {
            DataDir copy = DataDir.at(target);
            Files.copy(dir.state().resolve("gateway.mv.db"), copy.state().resolve("gateway.mv.db"));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            stop();
        }
    }
}
