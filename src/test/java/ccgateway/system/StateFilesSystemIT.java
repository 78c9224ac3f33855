package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's own state files and the session directories a person put there (SPEC §7, §10): an
 * unreadable state file is moved aside and reported, never overwritten; a directory without
 * metadata is adopted by {@code /new}, nothing in it touched.
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
        assertTrue(Files.readString(state.resolve("active-sessions.json")).contains("fresh"));
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
