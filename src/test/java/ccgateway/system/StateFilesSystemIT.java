package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.sessions.entity.Session;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's own state files and the session directories a person put there (SPEC §7, §10, §12):
 * a previous version's state file is imported into the database, an unreadable one moved aside and
 * reported, never overwritten; a directory without metadata is adopted by {@code /new}, nothing in
 * it touched.
 */
class StateFilesSystemIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("state-files");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Path state = system.dataDir().resolve("state");
    final Updates updates = new Updates(700);

    void send(long chat, String text) {
        assertEquals(200, gateway.webhook().post(updates.text(USER, chat, text)));
    }

    String await(long chat, String fragment) {
        return telegram.awaitMessage(chat, m -> m.contains(fragment), WAIT);
    }

    List<Path> aside(String name) throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + ".corrupt-")).collect(Collectors.toList());
        }
    }

    @Test
    void aCorruptActiveSessionsFileIsMovedAsideAndReported() throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("active-sessions.json"), "{\"9701:1001\": \"cut sh");
        gateway.start();
        List<Path> kept = aside("active-sessions.json");
        assertEquals(1, kept.size(), "not moved aside: " + kept);
        assertEquals("{\"9701:1001\": \"cut sh", Files.readString(kept.get(0)), "its bytes changed");
        assertTrue(gateway.log().contains("it is kept as " + kept.get(0)), "not reported");
        long chat = 9701;
        send(chat, "/new fresh");
        await(chat, "Created session 'fresh'");
        assertEquals("{\"9701:1001\": \"cut sh", Files.readString(kept.get(0)), "the kept file was overwritten");
        assertFalse(Files.exists(state.resolve("active-sessions.json")), "the active sessions live in the database now");
        gateway.stop();
        gateway.start();
        send(chat, "hello after the restart");
        await(chat, "echo: hello after the restart");
    }

    @Test
    void aCorruptPollingOffsetIsMovedAsideAndPollingGoesOn() throws IOException {
        Files.createDirectories(state);
        Files.writeString(state.resolve("polling-offset"), "12ab");
        gateway.env("TELEGRAM_MODE", "polling").start();
        long chat = 9702;
        telegram.queueUpdate(updates.text(USER, chat, "/help"));
        await(chat, "/new");
        List<Path> kept = aside("polling-offset");
        assertEquals(1, kept.size(), "not moved aside: " + kept);
        assertEquals("12ab", Files.readString(kept.get(0)));
        assertTrue(gateway.log().contains("it is kept as " + kept.get(0)), "not reported");
    }

    @Test
    void aDataDirOfTheVersionBeforeOwnersKeepsItsSessionInThePrivateChatAndTheGroup() throws IOException {
        long group = -4300;
        Path meta = Files.createDirectories(system.dataDir().resolve("sessions/legacy/.ccgateway"));
        String before = Session.create("legacy", "default", "", 600, group, Instant.now()).toJson().replaceAll(",?\"owner\":0", "");
        assertFalse(before.contains("owner"), before);
        Files.writeString(meta.resolve("session.json"), before);
        Files.createDirectories(state);
        // that version recorded the chat alone
        Files.writeString(state.resolve("active-sessions.json"), "{\"" + group + "\":\"legacy\",\"" + USER + "\":\"legacy\"}");
        gateway.env("TELEGRAM_ALLOWED_CHATS", String.valueOf(group)).start();

        assertEquals(200, gateway.webhook().post(updates.groupText(USER, group, "hello from the group")));
        await(group, "echo: hello from the group");
        send(USER, "hello in private");
        await(USER, "echo: hello in private");
        assertEquals(200, gateway.webhook().post(updates.groupText(1002, group, "/status")));
        await(group, "No active session. Use /new to start one.");
        assertEquals(List.of("hello from the group", "hello in private"), claude.stdin("legacy").stream()
                .filter(l -> l.contains("\"type\":\"user\"")).map(l -> l.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1"))
                .collect(Collectors.toList()));
        assertTrue(gateway.log().contains("belong to user 1001, the first of telegram.allowed-users"), "the default owner is not logged");
        assertEquals("{\"" + group + "\":\"legacy\",\"" + USER + "\":\"legacy\"}", Files.readString(state.resolve("active-sessions.json.imported")),
                "the previous version's file is not kept as it was");
        gateway.stop();
        assertEquals(List.of(group + ":" + USER + "=legacy", USER + ":" + USER + "=legacy"), activeSessionsInTheDatabase(),
                "the group's entry was not given to its owner for good");
    }

    /** The embedded database's active sessions, read while the gateway is stopped (H2 locks its file). */
    List<String> activeSessionsInTheDatabase() {
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + state.resolve("gateway").toAbsolutePath(), "", "");
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT chat_id, user_id, session_name FROM active_session ORDER BY chat_id, user_id")) {
            List<String> active = new java.util.ArrayList<>();
            while (rows.next()) {
                active.add(rows.getLong(1) + ":" + rows.getLong(2) + "=" + rows.getString(3));
            }
            return active;
        } catch (SQLException e) {
            throw new AssertionError("cannot read the embedded database: " + e, e);
        }
    }

    @Test
    void newAdoptsADirectoryThatHasNoMetadataAndTouchesNothingInIt() throws IOException {
        Path project = Files.createDirectories(system.dataDir().resolve("sessions").resolve("project"));
        Files.writeString(project.resolve("README.md"), "my project\n");
        gateway.start();
        long chat = 9703;
        send(chat, "/new project");
        await(chat, "Created session 'project' (persona default) in the directory that was there.");
        send(chat, "hello");
        await(chat, "echo: hello");
        assertEquals(project.toRealPath().toString(), Path.of(claude.awaitLaunch("project", 1, WAIT).cwd()).toRealPath().toString());
        assertEquals("my project\n", Files.readString(project.resolve("README.md")));
        assertTrue(Files.exists(project.resolve(".ccgateway").resolve("session.json")));
        send(chat, "/new project");
        await(chat, "Session 'project' already exists.");
    }
}
