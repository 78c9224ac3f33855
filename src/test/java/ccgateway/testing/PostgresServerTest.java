package ccgateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The throwaway PostgreSQL the database tests run against; skipped, with a message, without one. */
@ExtendWith(PostgresAvailable.class)
class PostgresServerTest {

    private static PostgresServer server;

    @BeforeAll
    static void server() {
        server = PostgresServer.shared();
    }

    @Test
    void rowWrittenOverLoopbackIsReadBack() throws SQLException {
        try (Connection connection = server.connect(server.createDatabase("round_trip"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE inbox (id BIGINT PRIMARY KEY, text VARCHAR(100) NOT NULL)");
            statement.execute("INSERT INTO inbox VALUES (7, 'hello ✓')");
            assertEquals("hello ✓", single(statement, "SELECT text FROM inbox WHERE id = 7"));
            assertEquals("127.0.0.1/32", single(statement, "SELECT inet_server_addr()::text"));
        }
    }

    @Test
    void listensOnLoopbackOnly() throws SQLException {
        try (Connection connection = server.connect(server.jdbcUrl()); Statement statement = connection.createStatement()) {
            assertEquals("127.0.0.1", single(statement, "SHOW listen_addresses"));
        }
    }

    @Test
    void databasesDoNotSeeEachOthersTables() throws SQLException {
        String first = server.createDatabase("separate_a");
        String second = server.createDatabase("separate_b");
        try (Connection a = server.connect(first); Statement statement = a.createStatement()) {
            statement.execute("CREATE TABLE ledger (update_id BIGINT PRIMARY KEY)");
        }
        try (Connection b = server.connect(second); Statement statement = b.createStatement()) {
            assertEquals("0", single(statement, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ledger'"));
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "not-" + server.password()).close());
        assertTrue(refused.getMessage().contains("password authentication failed"), refused.getMessage());
    }

    @Test
    void stopEndsThePostmasterAndDeletesItsFolder() throws SQLException {
        PostgresServer own = PostgresServer.start();
        long pid = own.pid();
        Path folder = own.directory();
        try (Connection open = own.connect(own.jdbcUrl())) {
            assertTrue(Files.exists(Path.of("/proc/" + pid)));
            own.close(); // with a session still open: a fast shutdown does not wait for it
        }
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "postmaster " + pid + " still running");
        assertFalse(Files.exists(folder), folder + " left behind");
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            assertTrue(rows.next(), query);
            String value = rows.getString(1);
            assertFalse(rows.next(), query);
            return value;
        }
    }
}
