package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.sessions.entity.Session;
import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.Stubs;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files and the launch line on the packaged gateway (issue 15): a stalled download neither freezes
 * the chat nor goes unreported, uploads of one name are all kept, a planted session id never
 * reaches the argv, and a relative CLAUDE_COMMAND runs the file it names from the gateway's
 * directory, not one planted in the session's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesAndLaunchSystemIT {

    static final long USER = 1001;
    static final long GROUP = -5001;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PLANTED_ID = "--dangerously-skip-permissions";
    /** The stub claude, named relative to the gateway's working directory (the build's). */
    static final String RELATIVE_COMMAND = Path.of("").toAbsolutePath().relativize(Stubs.claude()).toString();

    @RegisterExtension
    static final SystemGateway system = SystemGateway.withStubClaude("files");
    static final GatewayProcess gateway = system.gateway();
    static final BotApiStub telegram = system.telegram();
    static final StubLog claude = system.claude();
    static final Path dataDir = system.dataDir();
    final Updates updates = new Updates(15_000_000);

    @BeforeAll
    void start() throws IOException {
        assertFalse(Path.of(RELATIVE_COMMAND).isAbsolute(), RELATIVE_COMMAND);
        session("planted", Session.create("planted", "default", "", 600, USER, Instant.now()).withHistory(PLANTED_ID));
        session("relative", Session.create("relative", "default", "", 600, USER, Instant.now()));
        // what a relative command would find if it were looked up from the session's directory (Claude's cwd)
        Path decoy = dataDir.resolve("sessions/relative").resolve(RELATIVE_COMMAND);
        Files.createDirectories(decoy.getParent());
        Files.writeString(decoy, "#!/bin/sh\ntouch \"$(dirname \"$0\")/decoy-ran\"\nexit 3\n");
        Files.setPosixFilePermissions(decoy, PosixFilePermissions.fromString("rwx------"));
        gateway.env("CLAUDE_COMMAND", RELATIVE_COMMAND)
                .env("TELEGRAM_DOWNLOAD_READ_TIMEOUT_SECONDS", "3")
                .env("TELEGRAM_ALLOWED_CHATS", String.valueOf(GROUP))
                .start();
    }

    private static void session(String name, Session session) throws IOException {
        Path meta = Files.createDirectories(dataDir.resolve("sessions").resolve(name).resolve(".ccgateway"));
        Files.writeString(meta.resolve("session.json"), session.toJson());
    }

    private void post(String update) {
        assertEquals(200, gateway.webhook().post(update));
    }

    private void said(long chat, String text, String expected) {
        said(USER, chat, text, expected);
    }

    /** Sends {@code text} and waits for an answer containing {@code expected}: a late message of an earlier test is not taken for it. */
    private void said(long user, long chat, String text, String expected) {
        int before = telegram.messages(chat).size();
        post(updates.text(user, chat, text));
        Await.until(() -> telegram.messages(chat).stream().skip(before).anyMatch(m -> m.contains(expected)), WAIT,
                () -> "no answer with '" + expected + "' to " + text + " in " + chat + ": " + telegram.messages(chat));
    }

    @Test
    void aStalledDownloadDoesNotBlockTheChatsNextMessageAndIsReported() {
        long chat = USER;
        said(chat, "/new stall", "Created session 'stall'");
        telegram.addFile("doc-stall", "never arrives".getBytes(StandardCharsets.UTF_8));
        telegram.stallFile("doc-stall", Duration.ofSeconds(40));
        post(updates.document(USER, chat, "doc-stall", "slow.txt", 13, "read this"));
        Instant sent = Instant.now();
        post(updates.text(USER, chat, "/help"));
        telegram.awaitMessage(chat, m -> m.startsWith("ccgateway: your Claude Code sessions"), WAIT);
        assertTrue(Duration.between(sent, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0, "/help was answered while the file stalled");
        post(updates.text(USER, chat, "after the file"));
        String report = telegram.awaitMessage(chat, m -> m.contains("stalled"), WAIT);
        assertEquals("The download of your file stalled (no data for 3 s), so Claude did not get it. Please send it again.", report);
        telegram.awaitMessage(chat, m -> m.equals("echo: after the file"), WAIT);
        assertFalse(claude.stdin("stall").stream().anyMatch(l -> l.contains("The user sent a document")), "Claude never got the stalled file");
        assertTrue(Duration.between(sent, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0, "nothing waited for the 40 s stall");
    }

    @Test
    void uploadsOfOneNameFromTwoChatsInTheSameSecondAreBothKept() throws IOException {
        said(USER, "/new shared", "Created session 'shared'");
        said(USER, GROUP, "/switch shared", "Switched to session 'shared'");
        telegram.addFile("doc-a", "from the private chat".getBytes(StandardCharsets.UTF_8));
        telegram.addFile("doc-b", "from the group".getBytes(StandardCharsets.UTF_8));
        post(group(updates.document(USER, GROUP, "doc-b", "notes.txt", 14, null)));
        post(updates.document(USER, USER, "doc-a", "notes.txt", 21, null));
        // which chat sees which answer is routing's business (SPEC §10); here: both files reach Claude, both are kept
        Await.until(() -> String.join("\n", claude.stdin("shared")).split("The user sent a document: uploads/", -1).length - 1 >= 2,
                WAIT, () -> "Claude was told of both uploads: " + claude.stdin("shared"));
        Map<String, String> kept = new TreeMap<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("sessions/shared/uploads"))) {
            for (Path file : files.collect(Collectors.toList())) {
                kept.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertEquals(List.of("from the group", "from the private chat"), kept.values().stream().sorted().collect(Collectors.toList()), kept.toString());
        assertTrue(kept.keySet().stream().allMatch(n -> n.matches("[0-9]{8}-[0-9]{6}-([0-9]+-)?notes\\.txt")), kept.toString());
        String told = String.join("\n", claude.stdin("shared"));
        assertTrue(kept.keySet().stream().allMatch(n -> told.contains("uploads/" + n)), "Claude was told each file's own name: " + told);
        // each chat's turn is answered in it: the private chat's answer must not land in the next test's
        telegram.awaitMessage(USER, m -> m.startsWith("echo: The user sent a document"), WAIT);
        telegram.awaitMessage(GROUP, m -> m.startsWith("echo: The user sent a document"), WAIT);
    }

    @Test
    void aSessionArchivedWhileItsUploadDownloadsDoesNotComeBackAsAStrayFolder() {
        said(USER, "/new moving", "Created session 'moving'");
        said(USER, GROUP, "/switch moving", "Switched to session 'moving'");
        telegram.addFile("doc-late", "arrives after the archive".getBytes(StandardCharsets.UTF_8));
        // getFile answered 429 (retry after 3 s) first: the archive happens while the download waits
        telegram.rateLimitNext("getFile", 3);
        int asked = telegram.calls("getFile").size();
        post(updates.document(USER, USER, "doc-late", "late.txt", 25, null));
        Await.until(() -> telegram.calls("getFile").size() > asked, WAIT, () -> "the download never started");
        said(USER, GROUP, "/archive moving", "Archived session 'moving'");
        String told = telegram.awaitMessage(USER, m -> m.contains("archived while your file"), WAIT);
        assertEquals("The session was archived while your file was downloading; the file was not kept.", told);
        assertFalse(Files.exists(dataDir.resolve("sessions/moving")), "the download made the archived session's folder again");
        assertTrue(claude.stdin("moving").stream().noneMatch(l -> l.contains("late.txt")), "Claude heard of the file");
    }

    @Test
    void aPlantedFlagAsSessionIdIsNeverPassedAndTheUserIsTold() {
        said(USER, "/switch planted", "Switched to session 'planted'");
        post(updates.text(USER, USER, "hello planted"));
        telegram.awaitMessage(USER, m -> m.equals("echo: hello planted"), WAIT);
        List<String> argv = claude.awaitLaunch("planted", 1, WAIT).argv();
        assertFalse(argv.stream().anyMatch(a -> a.contains("dangerously") || a.startsWith("--resume")), argv.toString());
        assertTrue(telegram.messages(USER).stream().anyMatch(m -> m.contains("is not a valid Claude session id")),
                "the user learns that the history could not be used");
    }

    @Test
    void aRelativeClaudeCommandRunsTheFileResolvedAtStartNotOneInTheSessionDirectory() {
        said(USER, "/switch relative", "Switched to session 'relative'");
        post(updates.text(USER, USER, "hello relative"));
        telegram.awaitMessage(USER, m -> m.equals("echo: hello relative"), WAIT);
        StubLog.Launch launch = claude.awaitLaunch("relative", 1, WAIT);
        assertEquals(Stubs.claude().toString(), launch.argv().get(0), "the absolute path resolved at start");
        assertEquals(dataDir.resolve("sessions/relative").toString(), launch.cwd());
        Path decoy = dataDir.resolve("sessions/relative").resolve(RELATIVE_COMMAND);
        assertFalse(Files.exists(decoy.resolveSibling("decoy-ran")), "the planted file never ran");
    }

    /** The same update, from a group chat. */
    private static String group(String update) {
        return update.replace("\"first_name\":\"Test\",\"type\":\"private\"", "\"title\":\"team\",\"type\":\"group\"");
    }
}
