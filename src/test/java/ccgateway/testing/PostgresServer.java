package ccgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL for the tests: its own cluster in a temp folder, on 127.0.0.1 and a free
 * port, with a password-authenticated superuser. It never uses or disturbs a system cluster (Debian's
 * package may have started one on 5432). Test classes share one server per JVM ({@link #shared()})
 * and keep apart by taking a database each ({@link #createDatabase}); it stops when the JVM exits.
 *
 * <pre>
 * &#64;ExtendWith(PostgresAvailable.class) // without PostgreSQL: reported skipped, with the reason
 * class InboxIT {
 *     static String url;
 *
 *     &#64;BeforeAll
 *     static void database() {
 *         url = PostgresServer.shared().createDatabase("inbox_it"); // a database of the class's own
 *     }
 *     ... PostgresServer.shared().connect(url), or url with user() and password()
 * }
 * </pre>
 */
public final class PostgresServer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final String USER = "gateway";
    private static final String PASSWORD = "gateway-test-only";
    private static PostgresServer shared;

    private final PostgresCluster cluster;
    private final Process postmaster;
    private final int port;
    private final Duration readyAfter;
    private final boolean durable;
    private boolean stopped;

    private PostgresServer(PostgresCluster cluster, Process postmaster, int port, Duration readyAfter, boolean durable) {
        this.durable = durable;
        this.cluster = cluster;
        this.postmaster = postmaster;
        this.port = port;
        this.readyAfter = readyAfter;
    }

    /** The JVM's server, started at the first call and stopped by a shutdown hook. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-stop"));
        }
        return shared;
    }

    /** A server of the caller's own, stopped by {@link #close()}; aborts (skips) without binaries. */
    public static PostgresServer start() {
        return start(false);
    }

    /**
     * @param durable true: fsync, synchronous commit and full page writes on, as in production (the
     *        bench); false: all three off, for tests, whose data is thrown away
     */
    public static PostgresServer start(boolean durable) {
        PostgresBinaries binaries = PostgresBinaries.require();
        PostgresCluster cluster = PostgresCluster.create(binaries, USER, PASSWORD);
        Process postmaster = null;
        try {
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                long begin = System.nanoTime();
                postmaster = cluster.start(port, durable);
                if (awaitReady(postmaster, port, cluster)) {
                    PostgresServer server = new PostgresServer(cluster, postmaster, port, Duration.ofNanos(System.nanoTime() - begin), durable);
                    System.out.println(server.describe(binaries));
                    return server;
                }
                // a port taken between freePort() and the bind is the one failure worth another try
                if (attempt == 3 || !cluster.log().contains("could not bind")) {
                    throw new AssertionError("PostgreSQL exited with " + postmaster.exitValue() + " on port " + port + "; log:\n" + cluster.log());
                }
            }
        } catch (RuntimeException | Error e) {
            if (postmaster != null && postmaster.isAlive()) {
                postmaster.destroyForcibly();
                exits(postmaster, STOP);
            }
            cluster.delete();
            throw e;
        }
    }

    /** The maintenance database "postgres"; tests take their own with {@link #createDatabase}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Creates an empty database (name: lower case, digits, underscores) and answers its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = connect(jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    public int port() {
        return port;
    }

    /** The postmaster's pid: the process this class started, the only one it ever signals. */
    public long pid() {
        return postmaster.pid();
    }

    /** The temp folder of the cluster (data, socket, logs); deleted by {@link #close()}. */
    public Path directory() {
        return cluster.directory();
    }

    /** One line for the test log: where it runs, from which binaries, and how long it took. */
    private String describe(PostgresBinaries binaries) {
        return "PostgreSQL of " + binaries.dir() + " for the tests on " + jdbcUrl() + " (postmaster pid " + pid() + ", "
                + directory() + (durable ? ", fsync on" : ", fsync off") + "): initdb " + cluster.initdbTook().toMillis() + " ms, ready " + readyAfter.toMillis() + " ms after start";
    }

    /** Fast shutdown (SIGINT: open sessions are ended, not waited for), SIGKILL if that hangs, then the folder goes. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (postmaster.isAlive()) {
            signal("INT", postmaster.pid());
            if (!exits(postmaster, STOP)) {
                postmaster.destroyForcibly();
                exits(postmaster, STOP);
            }
        }
        cluster.delete();
    }

    private static boolean awaitReady(Process postmaster, int port, PostgresCluster cluster) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "2");
        Await.until(() -> !postmaster.isAlive() || canConnect(url, properties), READY,
                () -> "PostgreSQL not ready on " + url + "; log:\n" + cluster.log());
        return postmaster.isAlive();
    }

    private static boolean canConnect(String url, Properties properties) {
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid(2);
        } catch (SQLException starting) {
            return false;
        }
    }

    /** Through the shell's builtin kill: Java only sends SIGTERM (a smart shutdown waits for every client). */
    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " \"$1\"", "sh", Long.toString(pid))
                    .redirectErrorStream(true).start();
            exits(kill, Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exits(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
