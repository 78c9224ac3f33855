package ccgateway.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.StubLog;
import ccgateway.testing.Stubs;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sessions and the Claude relay (SPEC §4, §5, §7) on a real Payara Micro with the stub CLAUDE. */
class SessionsIT extends DeployedGateway {



    @Test
    void newSessionStartsClaudeInItsDirectoryWithTheExactArgv() throws IOException {
        long chat = 6001;
        String work = name("work");
        send(chat, "/new " + work);
        await(chat, "Created session '" + work + "'");
        Path dir = DATA.resolve("sessions").resolve(work);
        assertTrue(Files.isDirectory(dir.resolve("uploads")));
        String metadata = Files.readString(dir.resolve(".ccgateway/session.json"));
        assertTrue(metadata.contains("\"name\":\"" + work + "\"") && metadata.contains("\"persona\":\"default\""), metadata);

        send(chat, "hello there");
        await(chat, "echo: hello there");
        StubLog.Launch launch = CLAUDE.awaitLaunch(work, 1, WAIT);
        String persona = Files.readString(DATA.resolve("personas/default.md"), StandardCharsets.UTF_8);
        assertEquals(List.of(Stubs.claude().toString(), "-p", "--input-format", "stream-json", "--output-format", "stream-json",
                "--verbose", "--permission-prompt-tool", "stdio", "--include-partial-messages", "--append-system-prompt", persona), launch.argv());
        assertEquals(dir.toRealPath().toString(), Path.of(launch.cwd()).toRealPath().toString());
        assertEquals(work, launch.env().getString("CCGATEWAY_SESSION"));
        assertFalse(launch.env().containsKey("TELEGRAM_BOT_TOKEN"), "claude can read the bot token");
        assertFalse(launch.env().containsKey("TELEGRAM_WEBHOOK_SECRET"), "claude can read the webhook secret");
        Await.until(() -> Files.exists(dir.resolve(".ccgateway/session.json")) && read(dir).contains("\"claudeSessionId\":\""),
                WAIT, () -> "claude session id not recorded: " + read(dir));
    }

    static String read(Path dir) {
        try {
            return Files.readString(dir.resolve(".ccgateway/session.json"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void twoSessionsAnswerInTheirOwnContextAndAreListed() {
        long chat = 6002;
        String a = name("alpha");
        String b = name("beta");
        send(chat, "/new " + a);
        await(chat, "Created session '" + a + "'");
        send(chat, "first for a");
        await(chat, "echo: first for a");
        send(chat, "/new " + b);
        await(chat, "Created session '" + b + "'");
        send(chat, "only for b");
        await(chat, "echo: only for b");
        send(chat, "/switch " + a);
        await(chat, "Switched to session '" + a + "'");
        send(chat, "second for a");
        await(chat, "echo: second for a");

        assertEquals(List.of("first for a", "second for a"), userTexts(CLAUDE.stdin(a)));
        assertEquals(List.of("only for b"), userTexts(CLAUDE.stdin(b)));
        assertEquals(1, CLAUDE.launches(a).size(), "one process, many turns");

        send(chat, "/sessions");
        String list = await(chat, "(default) - ");
        List<String> lines = List.of(list.split("\n"));
        assertTrue(lines.contains("→ 🟢 " + a + " (default) - just now"), list);
        assertTrue(lines.contains("🟢 " + b + " (default) - just now"), list);
        assertTrue(lines.indexOf("→ 🟢 " + a + " (default) - just now") < lines.indexOf("🟢 " + b + " (default) - just now"),
                "most recently active first: " + list);
    }

    static List<String> userTexts(List<String> stdinLines) {
        return stdinLines.stream()
                .map(l -> jakarta.json.Json.createReader(new java.io.StringReader(l)).readObject()
                        .getJsonObject("message").getString("content"))
                .collect(Collectors.toList());
    }

    @Test
    void longAnswerArrivesSplitCompleteAndWithCodeBlocksIntact() {
        long chat = 6003;
        String big = name("big");
        send(chat, "/new " + big);
        await(chat, "Created session");
        int before = telegram.messages(chat).size();
        send(chat, "#big=10000");
        Await.until(() -> visibleCharacters(answer(chat, before)) >= 9900, WAIT,
                () -> "answer incomplete: " + visibleCharacters(answer(chat, before)) + " characters");
        for (BotApiStub.Call part : answer(chat, before)) {
            String text = part.text();
            assertTrue(text.length() <= 4096, "message of " + text.length());
            assertEquals(count(text, "<pre>"), count(text, "</pre>"), "code block broken in: " + text.substring(0, 80));
        }
        assertTrue(answer(chat, before).size() >= 3, "10,000 characters need at least 3 messages");
    }

    static List<BotApiStub.Call> answer(long chat, int skip) {
        return telegram.delivered().stream()
                .filter(c -> c.chatId() == chat && c.method().equals("sendMessage")).skip(skip).collect(Collectors.toList());
    }

    static int visibleCharacters(List<BotApiStub.Call> parts) {
        return parts.stream().mapToInt(p -> p.text().replaceAll("<[^>]+>", "").replaceAll("&[a-z]+;", "x").length()).sum();
    }

    static int count(String text, String tag) {
        return text.split(java.util.regex.Pattern.quote(tag), -1).length - 1;
    }

    @Test
    void refusedFormattingArrivesAsPlainText() {
        long chat = 6004;
        send(chat, "/new " + name("plain"));
        await(chat, "Created session");
        telegram.rejectFormattedMessages(true);
        try {
            send(chat, "some **bold** words");
            String delivered = await(chat, "echo: some");
            assertEquals("echo: some **bold** words", delivered);
            BotApiStub.Call call = telegram.delivered().stream().filter(c -> c.chatId() == chat && delivered.equals(c.text()))
                    .findFirst().orElseThrow();
            assertFalse(call.params().containsKey("parse_mode"));
        } finally {
            telegram.rejectFormattedMessages(false);
        }
    }

    @Test
    void photoAndDocumentLandInUploadsAndClaudeIsTold() throws IOException {
        long chat = 6005;
        String files = name("files");
        send(chat, "/new " + files);
        await(chat, "Created session");
        byte[] photo = "fake jpeg bytes".getBytes(StandardCharsets.UTF_8);
        byte[] doc = "evil payload".getBytes(StandardCharsets.UTF_8);
        telegram.addFile("photo-" + RUN, photo);
        telegram.addFile("doc-" + RUN, doc);
        post(UPDATES.photo(USER, chat, "photo-" + RUN, photo.length, "look at this"));
        await(chat, "echo: The user sent a photo: uploads/");
        post(UPDATES.document(USER, chat, "doc-" + RUN, "../../evil", doc.length, null));
        await(chat, "echo: The user sent a document: uploads/");

        Path uploads = DATA.resolve("sessions").resolve(files).resolve("uploads");
        List<Path> stored;
        try (Stream<Path> list = Files.list(uploads)) {
            stored = list.sorted().collect(Collectors.toList());
        }
        assertEquals(2, stored.size(), stored.toString());
        assertTrue(stored.stream().anyMatch(p -> bytes(p).equals(new String(photo))), "photo content");
        assertTrue(stored.stream().anyMatch(p -> p.getFileName().toString().endsWith("-evil") && bytes(p).equals(new String(doc))),
                stored.toString());
        assertFalse(Files.exists(DATA.resolve("evil")) || Files.exists(DATA.resolve("sessions/evil")));
        List<String> told = userTexts(CLAUDE.stdin(files));
        assertTrue(told.get(0).startsWith("The user sent a photo: uploads/") && told.get(0).endsWith("Caption: look at this"), told.get(0));
        assertTrue(told.get(1).matches("The user sent a document: uploads/[0-9-]+evil"), told.get(1));
    }

    static String bytes(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void fileOverTwentyMegabytesIsRefusedClearly() {
        long chat = 6006;
        send(chat, "/new " + name("large"));
        await(chat, "Created session");
        post(UPDATES.document(USER, chat, "huge-" + RUN, "video.mp4", 25L * 1024 * 1024, null));
        await(chat, "up to 20 MB");
        assertTrue(CLAUDE.launches(name("large")).isEmpty(), "claude was bothered with a file it cannot get");
    }

    @Test
    void namesThatCouldEscapeTheDataDirAreRejected() {
        long chat = 6007;
        for (String bad : List.of("../x", "a/b", "..", "UPPER", "-dash", "a".repeat(33), "x\u0000y")) {
            int before = telegram.messages(chat).size();
            send(chat, "/new " + bad);
            telegram.awaitMessages(chat, before + 1, WAIT);
            String answer = telegram.messages(chat).get(before);
            assertTrue(answer.startsWith("Invalid session name") || answer.startsWith("Usage"), bad + " → " + answer);
        }
        assertFalse(Files.exists(DATA.resolve("x")));
        assertFalse(Files.exists(DATA.resolve("sessions/a")));
        send(chat, "/new " + name("ok") + " ../../etc/passwd");
        await(chat, "Persona '../../etc/passwd' not found. Available: default");
    }

    @Test
    void crashMidTurnIsReportedAndTheNextMessageWorks() {
        long chat = 6008;
        String crash = name("crash");
        send(chat, "/new " + crash);
        await(chat, "Created session");
        send(chat, "warm up");
        await(chat, "echo: warm up");
        send(chat, "please #crash");
        String report = await(chat, "Claude stopped unexpectedly");
        assertTrue(report.contains("exit code 3"), report);
        Await.until(() -> CLAUDE.liveProcesses(crash).isEmpty(), WAIT, () -> "crashed process still listed");
        send(chat, "after the crash");
        await(chat, "echo: after the crash");
        assertEquals(2, CLAUDE.launches(crash).size());
    }

    @Test
    void archiveEndsTheProcessAndMovesTheDirectory() throws IOException {
        long chat = 6009;
        String old = name("old");
        send(chat, "/new " + old);
        await(chat, "Created session");
        send(chat, "hi #grandchild");
        await(chat, "echo: hi");
        Await.until(() -> CLAUDE.grandchildren(old).size() == 1, WAIT, () -> "no grandchild");
        send(chat, "/archive " + old);
        await(chat, "Archived session '" + old + "'");
        assertTrue(CLAUDE.liveProcesses(old).isEmpty(), "still running: " + CLAUDE.liveProcesses(old));
        assertFalse(Files.exists(DATA.resolve("sessions").resolve(old)));
        try (Stream<Path> archived = Files.list(DATA.resolve("archive"))) {
            assertTrue(archived.anyMatch(p -> p.getFileName().toString().startsWith(old + "-")
                    && Files.exists(p.resolve(".ccgateway/session.json"))));
        }
        send(chat, "still there?");
        await(chat, "No active session. Use /new to start one.");
    }

    @Test
    void modelChangeOfALiveSessionSwitchesWithoutARestart() {
        long chat = 6010;
        String m = name("model");
        send(chat, "/new " + m);
        await(chat, "Created session");
        send(chat, "before");
        await(chat, "echo: before");
        StubLog.Launch first = CLAUDE.awaitLaunch(m, 1, WAIT);
        send(chat, "/model haiku");
        await(chat, "Model of session '" + m + "' set to claude-haiku-5-5.");
        send(chat, "/model");
        await(chat, "Model of session '" + m + "': haiku");
        send(chat, "after");
        await(chat, "echo: after");
        assertTrue(first.isAlive(), "the process was restarted");
        assertEquals(1, CLAUDE.launches(m).size(), "a second claude was started");
    }

    @Test
    void modelOfASessionWithoutProcessIsPassedAtItsNextLaunch() {
        long chat = 6015;
        String m = name("model2");
        send(chat, "/new " + m);
        await(chat, "Created session");
        send(chat, "/model claude-opus-4-1");
        await(chat, "Model of session '" + m + "' set to claude-opus-4-1. Your next message continues the conversation with it.");
        send(chat, "hello");
        await(chat, "echo: hello");
        assertEquals("claude-opus-4-1", CLAUDE.awaitLaunch(m, 1, WAIT).after("--model"));
    }

    @Test
    void plainMessageWithoutSessionIsAnswered() {
        long chat = 6011;
        send(chat, "anybody?");
        assertEquals("No active session. Use /new to start one.", telegram.awaitMessages(chat, 1, WAIT).get(0));
        send(chat, "/timeout");
        assertEquals("No active session. Use /new to start one.", telegram.awaitMessages(chat, 2, WAIT).get(1));
    }

    @Test
    void toolUseIsShownCompactly() {
        long chat = 6012;
        newSession(chat, "tools");
        send(chat, "list files #tool");
        await(chat, "echo: list files");
        assertTrue(telegram.messages(chat).stream().anyMatch(m -> m.contains("🔧 Bash: ls -la")), telegram.messages(chat).toString());
    }

    @Test
    void messagesSentWhileClaudeWorksAreAllAnswered() {
        long chat = 6013;
        String name = newSession(chat, "busy");
        send(chat, "slow one #slow=3");
        Await.until(() -> CLAUDE.stdin(name).size() == 1, WAIT, () -> "first message not delivered");
        send(chat, "second");
        send(chat, "third");
        await(chat, "echo: slow one");
        String followUp = await(chat, "second");
        assertTrue(followUp.contains("third"), "held messages go together in one follow-up turn: " + followUp);
        assertEquals(List.of("slow one #slow=3", "second\n\nthird"), userTexts(CLAUDE.stdin(name)));
    }

    @Test
    void lastActiveAndCostReachTheDiskSoonAfterEachTurnWithoutAStop() {
        long chat = 6014;
        String name = newSession(chat, "books");
        Instant beforeLast = Instant.now();
        send(chat, "one");
        await(chat, "echo: one");
        send(chat, "two");
        await(chat, "echo: two");
        Path dir = DATA.resolve("sessions").resolve(name);
        // the stub reports a running total of 0.001 per turn, as the real CLI reports its own
        Await.until(() -> read(dir).contains("\"costUsd\":0.002"), WAIT, () -> "cost of two turns not on disk: " + read(dir));
        Instant lastActive = Instant.parse(Json.createReader(new StringReader(read(dir))).readObject().getString("lastActive"));
        assertFalse(lastActive.isBefore(beforeLast), "last active " + lastActive + " is older than the turns");
    }
}
