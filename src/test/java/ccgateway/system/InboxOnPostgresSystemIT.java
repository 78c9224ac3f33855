package ccgateway.system;

import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every test of {@link InboxSystemIT} — the kill -9 storm, the graceful stop, the kill during a
 * tool, the repeated update, the unsent answer — with the gateway on PostgreSQL, which commits each
 * update before its 200 instead of journalling it: a fresh database per test, so that one test's
 * update ids are not another's repetitions.
 */
@ExtendWith(PostgresAvailable.class)
class InboxOnPostgresSystemIT extends InboxSystemIT {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeEach
    void onPostgres() {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase("inbox_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
        gateway.env("GATEWAY_DATABASE_URL", url).env("GATEWAY_DATABASE_USER", server.user()).env("GATEWAY_DATABASE_PASSWORD", server.password());
    }
}
