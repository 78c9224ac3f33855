package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged gateway on a real PostgreSQL (SPEC §12), one fresh database for the class: the
 * ledger and the inbox live there, nothing in the data dir's H2. Each test has its own data dir,
 * chats and update ids; the database is what they share, as several gateways would.
 */
@ExtendWith(PostgresAvailable.class)
class PostgresSystemIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(60);
    static String url;

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("postgres");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();

    @BeforeAll
    static void database() {
        url = PostgresServer.shared().createDatabase("postgres_system_it");
    }

    GatewayProcess onPostgres() {
        PostgresServer server = PostgresServer.shared();
        return gateway.env("GATEWAY_DATABASE_URL", url).env("GATEWAY_DATABASE_USER", server.user())
                .env("GATEWAY_DATABASE_PASSWORD", server.password());
    }

    void post(String update) {
        assertEquals(200, gateway.webhook().post(update));
    }

    void newSession(Updates updates, long chat, String name) {
        post(updates.text(USER, chat, "/new " + name));
        telegram.awaitMessage(chat, m -> m.contains("Created session '" + name + "'"), WAIT);
    }

    /** Claude's answers in the chat, in order; messages sent while Claude works come back in one answer. */
    String echoes(long chat) {
        return telegram.messages(chat).stream().filter(m -> m.startsWith("echo: ")).collect(Collectors.joining("\n"));
    }

    void assertAnsweredOnceInOrder(long chat, List<String> texts) {
        Await.until(() -> texts.stream().allMatch(echoes(chat)::contains), WAIT, () -> "unanswered; got " + telegram.messages(chat));
        String all = echoes(chat);
        int last = -1;
        for (String t : texts) {
            int at = all.indexOf(t);
            assertEquals(at, all.lastIndexOf(t), t + " answered twice: " + all);
            assertTrue(at > last, t + " out of order: " + all);
            last = at;
        }
    }

    static List<Long> ids(String sql) throws SQLException {
        try (Connection c = PostgresServer.shared().connect(url); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<Long> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        }
    }

    static List<Long> inbox(long from, long to) throws SQLException {
        return ids("SELECT update_id FROM inbox_message WHERE update_id BETWEEN " + from + " AND " + to + " ORDER BY update_id");
    }

    static List<Long> seen(long from, long to) throws SQLException {
        return ids("SELECT update_id FROM seen_update WHERE update_id BETWEEN " + from + " AND " + to + " ORDER BY update_id");
    }

    @Test
    void aRedeliveredUpdateIsIgnoredAlsoAfterARestart() {
        onPostgres().start();
        Updates updates = new Updates(5_100_000);
        long chat = 9801;
        newSession(updates, chat, "pg");
        long id = updates.nextId();
        String hello = Updates.text(id, USER, chat, "hello postgres");
        post(hello);
        telegram.awaitMessage(chat, m -> m.equals("echo: hello postgres"), WAIT);
        post(hello); // Telegram did not see the 200
        gateway.stop();
        onPostgres().start();
        post(hello); // nor after the restart
        post(updates.text(USER, chat, "after the restart"));
        telegram.awaitMessage(chat, m -> m.equals("echo: after the restart"), WAIT);
        assertEquals(List.of("echo: hello postgres", "echo: after the restart"),
                telegram.messages(chat).stream().filter(m -> m.startsWith("echo: ")).collect(Collectors.toList()));
        assertEquals(1, claude.stdin("pg").stream().filter(l -> l.contains("hello postgres")).count(), "written to claude again");
    }

    /**
     * Two gateways on one database, with data dirs of their own (SPEC §13's webhook mode: any node
     * accepts any update): what one accepted, the other acknowledges and ignores. Its answer to a new
     * update of the same chat comes after, so a reply to the repetition would have been seen first.
     */
    @Test
    void aSecondGatewayOnTheSameDatabaseIgnoresWhatTheFirstAccepted() throws Exception {
        onPostgres().start();
        Updates updates = new Updates(5_150_000);
        long chat = 9805;
        newSession(updates, chat, "shared");
        String hello = updates.text(USER, chat, "hello from node one");
        post(hello);
        telegram.awaitMessage(chat, m -> m.equals("echo: hello from node one"), WAIT);
        PostgresServer server = PostgresServer.shared();
        try (GatewayProcess second = new GatewayProcess("postgres-second", telegram, Files.createDirectories(system.root().resolve("data-second")))
                .env("GATEWAY_DATABASE_URL", url).env("GATEWAY_DATABASE_USER", server.user()).env("GATEWAY_DATABASE_PASSWORD", server.password())
                .env("STUB_CLAUDE_LOG", claude.file().toString())) {
            second.start();
            assertEquals(200, second.webhook().post(hello), "the repetition was refused");
            assertEquals(200, second.webhook().post(updates.text(USER, chat, "/help")));
            telegram.awaitMessage(chat, m -> m.contains("/new"), WAIT);
        }
        // handled there, the repetition would have been answered (No active session, or an echo from its claude)
        assertEquals(List.of("echo: hello from node one"),
                telegram.messages(chat).stream().filter(m -> m.startsWith("echo: ") || m.startsWith("No active session")).collect(Collectors.toList()));
    }

    /**
     * kill -9 while Claude works on a slow turn with three messages waiting behind it: after the
     * restart each waiting one is answered once, in order; the slow one is not written again, its chat
     * is told. Then nothing is left in the inbox and the ledger holds every id.
     */
    @Test
    void killedWhileMessagesWaitEachIsAnsweredOnceAfterRestartAndTheInboxEmpties() throws SQLException {
        onPostgres().start();
        long first = 5_200_000;
        Updates updates = new Updates(first);
        long chat = 9802;
        newSession(updates, chat, "slow");
        post(updates.text(USER, chat, "think hard #slow=120"));
        Await.until(() -> claude.stdin("slow").stream().anyMatch(l -> l.contains("think hard")), WAIT, () -> "the slow turn never started");
        List<String> waiting = List.of("w1 behind the slow turn", "w2 behind the slow turn", "w3 behind the slow turn");
        waiting.forEach(text -> post(updates.text(USER, chat, text)));
        long last = updates.nextId() - 1;
        assertEquals(List.of(), claude.stdin("slow").stream().filter(l -> l.contains("behind the slow turn")).collect(Collectors.toList()),
                "the waiting messages were written to claude before the kill: this test would prove nothing");

        gateway.kill();
        onPostgres().start();
        assertTrue(gateway.log().contains("Inbox at start: 1 turn(s) interrupted by the restart (their chats told), 3 update(s) delivered again"),
                "the start did not find the previous run's unfinished business in PostgreSQL");
        assertAnsweredOnceInOrder(chat, waiting);
        telegram.awaitMessage(chat, m -> m.equals("The gateway restarted while Claude was working on: \"think hard #slow=120\". "
                + "Send it again if you still need it."), WAIT);
        assertEquals(1, claude.stdin("slow").stream().filter(l -> l.contains("think hard")).count(), "the interrupted turn was written again");
        // the rows go once each turn has ended: a moment after the last answer
        Await.until(() -> query(() -> inbox(first, last)).isEmpty(), WAIT, () -> "inbox_message still holds " + query(() -> inbox(first, last)));
        List<Long> all = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            all.add(id);
        }
        assertEquals(all, seen(first, last), "seen_update does not hold every accepted id");
    }

    interface Query {
        List<Long> run() throws SQLException;
    }

    static List<Long> query(Query query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDataDirHoldsNoH2DatabaseOnPostgres() {
        onPostgres().start();
        Updates updates = new Updates(5_300_000);
        newSession(updates, 9803, "noh2");
        gateway.stop();
        assertFalse(Files.exists(system.dataDir().resolve("state").resolve("gateway.mv.db")), "an H2 file beside PostgreSQL");
        assertTrue(gateway.log().contains("Database " + url), "the log does not say which database: " + gateway.log());
    }

    /**
     * What an operator sees: the application does not deploy (Payara Micro itself stays up), so the
     * health endpoints answer 503 (or 500 in the moment it is taken down) and the webhook 404 — Telegram keeps the updates and retries — and
     * the log says in one line which database refused, why, and what to set; never the password.
     */
    @Test
    void aWrongPasswordIsReportedInOneLineWithoutThePasswordAndNothingIsServed() {
        String wrong = "not-the-password-7f3a";
        onPostgres().env("GATEWAY_DATABASE_PASSWORD", wrong);
        AssertionError failed = null;
        try {
            gateway.start();
        } catch (AssertionError e) {
            failed = e;
        }
        assertTrue(failed != null && failed.getMessage().startsWith("the application failed to deploy"),
                "started with a wrong database password: " + failed);
        String ready = Webhook.get(gateway.url() + "/health/ready");
        // 503 "No Application deployed" once it is undeployed; a 500 while the failed deployment is taken down
        assertTrue(ready.startsWith("503") || ready.startsWith("500"), "readiness: " + ready);
        int webhook = gateway.webhook().post(new Updates(5_400_000).text(USER, 9804, "hi"));
        assertFalse(webhook >= 200 && webhook < 300, "an update acknowledged without a database: " + webhook);
        String log = gateway.log();
        String line = log.lines().filter(l -> l.contains("cannot be used: FATAL: password authentication failed for user \"gateway\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no clear line about the database in the log:\n" + log));
        assertTrue(line.contains("Database " + url + " (user 'gateway')") && line.contains("GATEWAY_DATABASE_PASSWORD"), line);
        assertFalse(log.contains(wrong), "the password is in the log");
        System.out.println("Wrong database password: readiness " + ready + "; webhook " + webhook + "; log: " + line);
    }
}
