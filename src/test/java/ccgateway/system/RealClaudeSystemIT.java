package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ccgateway.testing.AnthropicApiStub;
import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Json;
import ccgateway.testing.Metadata;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway with the real Claude Code CLI (the npm package pinned in pom.xml),
 * offline: the CLI talks to {@link AnthropicApiStub} on loopback, the gateway to {@link BotApiStub}.
 * Everything is driven through the webhook, as Telegram would, and checked where a user or an
 * operator would look: the chat, the session's metadata, the processes on the machine.
 */
class RealClaudeSystemIT {

    static final long USER = 1001;
    static final long CHAT = 9001;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path REAL_CLAUDE = Path.of(System.getProperty("it.real.claude", ".cache/claude-code/none"));

    @RegisterExtension
    final SystemGateway system = SystemGateway.withClaude("real-claude", REAL_CLAUDE);
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final Path dataDir = system.dataDir();

    @TempDir
    Path home;

    AnthropicApiStub api;
    final Updates updates = new Updates(500);
    /** Put into the long command so that its processes can be found on the machine, and nothing else. */
    final String nonce = "ccg-e2e-" + System.nanoTime();

    static final boolean INSTALLED = Files.isExecutable(REAL_CLAUDE);
    static final String NOT_INSTALLED = "the real Claude Code CLI is not installed at " + REAL_CLAUDE
            + " (it.real.claude): mvn verify installs it when npm is on the PATH";

    /** Failsafe shows neither the reason nor a count for a class skipped in @BeforeAll: said here, skipped per test. */
    @BeforeAll
    static void sayWhyEverythingIsSkipped() {
        if (!INSTALLED) {
            System.out.println("SKIPPED (no real Claude Code CLI): every test of RealClaudeSystemIT: " + NOT_INSTALLED);
        }
    }

    @BeforeEach
    void start() throws IOException {
        assumeTrue(INSTALLED, NOT_INSTALLED);
        api = new AnthropicApiStub();
        gateway.env("CLAUDE_ARGS", "--allowedTools Bash")
                .env("ANTHROPIC_BASE_URL", api.url())
                .env("ANTHROPIC_API_KEY", "test")
                .env("HOME", home.toString())
                .env("TMPDIR", Files.createDirectories(home.resolve("tmp")).toString())
                .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .env("DISABLE_TELEMETRY", "1")
                .env("DISABLE_AUTOUPDATER", "1");
    }

    @AfterEach
    void stop() {
        if (!INSTALLED) {
            return; // skipped: nothing was started
        }
        gateway.close();
        api.close();
        // whatever a failed test left behind: this test's processes only (the fixture ends the marked ones)
        longCommandProcesses().forEach(ProcessHandle::destroyForcibly);
    }

    // ---- the tests

    @Test
    void threeMessagesAreRelayedAndTheThirdRequestCarriesTheFirstTwoExchanges() {
        gateway.start();
        newSession("chat");
        for (String text : List.of("first message", "second message", "third message")) {
            send(text);
            await("Answer to: " + text);
        }

        AnthropicApiStub.Request third = conversationRequestFor("third message");
        assertEquals(List.of("user: first message", "assistant: Answer to: first message",
                "user: second message", "assistant: Answer to: second message", "user: third message"), third.history());
        assertEquals(List.of("Answer to: first message", "Answer to: second message", "Answer to: third message"),
                telegram.messages(CHAT).stream().filter(m -> m.startsWith("Answer to:")).collect(Collectors.toList()));
    }

    @Test
    void idleSessionIsSuspendedAndResumesWithTheWholeConversation() {
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "3").start();
        newSession("pause");
        send("before the pause");
        await("Answer to: before the pause");
        // every stub answer has the same usage, so the CLI prices every API request alike
        double perRequest = awaitCost("pause", c -> c > 0) / api.requests().size();
        send("still before the pause");
        await("Answer to: still before the pause");
        awaitSuspended("pause");
        long resumingBefore = count("Resuming session...");

        send("after the pause");
        await("Answer to: after the pause");
        assertEquals(resumingBefore + 1, count("Resuming session..."), telegram.messages(CHAT).toString());
        assertTrue(indexOf("Resuming session...") < indexOf("Answer to: after the pause"), telegram.messages(CHAT).toString());
        assertEquals(List.of("user: before the pause", "assistant: Answer to: before the pause",
                "user: still before the pause", "assistant: Answer to: still before the pause", "user: after the pause"),
                conversationRequestFor("after the pause").history());
        double expected = perRequest * api.requests().size();
        assertEquals(expected, awaitCost("pause", c -> Math.abs(c - expected) < 1e-9), 1e-9,
                "the cost recorded after the resume is the whole conversation's");
    }

    @Test
    void deletedHistoryIsReportedAndNoFreshConversationIsStarted() throws IOException {
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "3").start();
        newSession("lost");
        send("something to remember");
        await("Answer to: something to remember");
        awaitSuspended("lost");
        String history = Metadata.claudeSessionId(dataDir, "lost");
        Path historyFile = historyFiles().stream().filter(f -> f.getFileName().toString().equals(history + ".jsonl"))
                .findFirst().orElseThrow(() -> new AssertionError("no history file " + history + ".jsonl in " + historyFiles()));
        Files.delete(historyFile);
        int requestsBefore = api.conversationRequests().size();

        send("do you remember?");
        String told = await("Could not resume session 'lost'");
        assertTrue(told.contains("No conversation found with session ID: " + history), told);
        assertEquals(requestsBefore, api.conversationRequests().size(), "a conversation was sent to the API");
        assertEquals(List.of(), historyFiles(), "a fresh conversation was started");
        assertEquals(history, Metadata.claudeSessionId(dataDir, "lost"), "the session's history id changed");
        assertTrue(Metadata.isSuspended(dataDir, "lost"), String.valueOf(Metadata.read(dataDir, "lost")));
        assertFalse(telegram.messages(CHAT).stream().anyMatch(m -> m.contains("Answer to: do you remember?")));
    }

    @Test
    void suspendLeavesNoProcessOfALongCommand() {
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "3").start();
        startLongCommand("job");
        awaitSuspended("job");
        assertEquals(List.of(), pids(longCommandProcesses()), "the long command outlived the suspend");
    }

    @Test
    void archiveLeavesNoProcessOfALongCommand() {
        gateway.start();
        startLongCommand("job");
        send("/archive job");
        await("Archived session 'job'.");
        assertEquals(List.of(), pids(longCommandProcesses()), "the long command outlived /archive");
    }

    @Test
    void serverSigtermLeavesNoProcessOfALongCommand() {
        gateway.start();
        startLongCommand("job");
        gateway.stop();
        assertEquals(List.of(), pids(longCommandProcesses()), "the long command outlived the gateway's SIGTERM");
        assertTrue(Metadata.isSuspended(dataDir, "job"));
    }

    @Test
    void serverKillAndRestartLeavesNoProcessOfALongCommand() {
        gateway.start();
        startLongCommand("job");
        gateway.kill();
        assertFalse(longCommandProcesses().isEmpty(), "kill -9 of the gateway should leave the command running");

        gateway.start();
        assertEquals(List.of(), pids(longCommandProcesses()), "the long command survived the restart's orphan cleanup");
        assertTrue(gateway.log().contains("orphaned subprocesses"), "cleanup not logged");
    }

    @Test
    void turnClaudeStartsOnItsOwnIsNotCutShortByTheIdleTimer() {
        // when a background command ends, the CLI starts a turn by itself: no message from the user made it busy
        api.script(request -> request.isTaskNotification()
                ? new AnthropicApiStub.Slow(Duration.ofSeconds(7), new AnthropicApiStub.Text("The short job has finished."))
                : request.endsWithToolResult() ? new AnthropicApiStub.Text("The short job runs in the background.")
                : new AnthropicApiStub.ToolUse("Bash", "{\"command\":\"python3 -c 'import time; time.sleep(1)'\","
                        + "\"description\":\"Short job\",\"run_in_background\":true}"));
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "3").start();
        newSession("self");
        send("start the short job");
        await("The short job runs in the background.");

        await("The short job has finished.");
        awaitSuspended("self");
    }

    @Test
    void anAnswerWrittenInPiecesGrowsInOneDraftThenComesAsItsMessageOnce() {
        List<String> pieces = List.of("Streaming ", "the answer ", "piece ", "by piece.");
        String answer = String.join("", pieces);
        api.script(request -> new AnthropicApiStub.Streamed(Duration.ofMillis(700), pieces));
        gateway.start();
        newSession("stream");
        send("write it slowly");
        await(answer);

        List<BotApiStub.Call> drafts = telegram.drafts(CHAT);
        List<String> texts = drafts.stream().map(BotApiStub.Call::text).collect(Collectors.toList());
        assertTrue(drafts.size() >= 2, "the answer did not grow in a draft: " + texts);
        assertTrue(texts.stream().allMatch(answer::startsWith), "a draft that is not the answer's beginning: " + texts);
        assertEquals(1, drafts.stream().map(d -> d.params().get("draft_id")).distinct().count(), "one message, one draft: " + drafts);
        BotApiStub.Call message = telegram.delivered().stream()
                .filter(c -> c.method().equals("sendMessage") && answer.equals(c.text())).findFirst().orElseThrow();
        assertTrue(drafts.get(drafts.size() - 1).at().compareTo(message.at()) <= 0, "a draft after the message");
        assertEquals(1, count(answer), telegram.messages(CHAT).toString());
    }

    @Test
    void toolUseIsShownCompactlyAndTheCostIsRecorded() {
        api.script(request -> request.endsWithToolResult() ? new AnthropicApiStub.Text("Listed it.")
                : request.lastUserText().contains("list")
                        ? new AnthropicApiStub.ToolUse("Bash", "{\"command\":\"echo tool-output-" + nonce + "\\necho second line\","
                                + "\"description\":\"Print two lines\"}")
                        : new AnthropicApiStub.Text("Answer to: " + request.lastUserText()));
        gateway.start();
        newSession("tools");
        send("please list it");
        await("Listed it.");
        String tool = await("🔧 Bash");
        assertTrue(tool.lines().anyMatch(("🔧 Bash: echo tool-output-" + nonce + " echo second line")::equals), tool);
        assertFalse(telegram.messages(CHAT).stream().anyMatch(m -> m.contains("tool_use") || m.contains("tool_result")),
                telegram.messages(CHAT).toString());
        assertEquals(1, telegram.messages(CHAT).stream().filter(m -> m.contains("tool-output-" + nonce)).count(),
                "the tool's output is shown, or its call more than once: " + telegram.messages(CHAT));
        // every stub answer has the same usage, so the CLI prices every API request alike
        double perRequest = awaitCost("tools", c -> c > 0) / api.requests().size();

        send("thanks");
        await("Answer to: thanks");
        double expected = perRequest * api.requests().size();
        double recorded = awaitCost("tools", c -> Math.abs(c - expected) < 1e-9);
        assertEquals(expected, recorded, 1e-9, "cost of the session's three API requests");
    }

    @Test
    void allowedCommandRunsAndADeniedOneDoesNot() {
        String allowed = "allowed-" + nonce + ".txt";
        String denied = "denied-" + nonce + ".txt";
        api.script(request -> request.endsWithToolResult() ? new AnthropicApiStub.Text("Tool said: " + request.toolResultText())
                : new AnthropicApiStub.ToolUse("Bash", "{\"command\":\"touch " + (request.lastUserText().contains("deny") ? denied : allowed)
                        + "\",\"description\":\"Make a file\"}"));
        gateway.env("CLAUDE_ARGS", null).start();
        newSession("approve");
        send("make the allowed file");
        BotApiStub.Shown prompt = awaitPrompt("touch " + allowed);
        assertTrue(prompt.text().startsWith("<b>🔐 approve: Claude wants to use Bash</b>"), prompt.text());
        assertFalse(Files.exists(sessionDir("approve").resolve(allowed)), "ran before it was allowed");
        press(prompt, "Allow");
        awaitClosed(prompt, "✅ Allowed");
        await("Tool said: ");
        assertTrue(Files.exists(sessionDir("approve").resolve(allowed)), "the allowed command did not run");

        send("now deny it");
        BotApiStub.Shown second = awaitPrompt("touch " + denied);
        press(second, "Deny");
        awaitClosed(second, "❌ Denied");
        // Claude is told why, in the tool's result
        await("The user denied this from Telegram.");
        assertFalse(Files.exists(sessionDir("approve").resolve(denied)), "the denied command ran");
    }

    @Test
    void alwaysAllowIsNotAskedAgainAndNothingIsWrittenIntoTheProject() {
        String file = "always-" + nonce + ".txt";
        api.script(request -> request.endsWithToolResult() ? new AnthropicApiStub.Text("Done.")
                : new AnthropicApiStub.ToolUse("Bash", "{\"command\":\"touch " + file + "\",\"description\":\"Touch it\"}"));
        gateway.env("CLAUDE_ARGS", null).start();
        newSession("always");
        send("first time");
        press(awaitPrompt("touch " + file), "Always allow");
        // "Done." may come in one message with the next tool line: Claude's output is batched
        Await.until(() -> containing("Done.") == 1, WAIT, () -> telegram.messages(CHAT).toString());
        send("second time");
        Await.until(() -> containing("Done.") == 2, WAIT, () -> telegram.messages(CHAT).toString());
        assertEquals(1, telegram.shown(CHAT).stream().filter(m -> m.text().contains("Claude wants to use")).count(),
                "asked again: " + telegram.shown(CHAT));
        assertFalse(Files.exists(sessionDir("always").resolve(".claude").resolve("settings.local.json")),
                "Always allow wrote into the user's project");
    }

    @Test
    void claudesQuestionIsAnsweredWithAButton() {
        api.script(request -> request.endsWithToolResult() ? new AnthropicApiStub.Text("You said: " + request.toolResultText())
                : new AnthropicApiStub.ToolUse("AskUserQuestion", "{\"questions\":[{\"question\":\"Tabs or spaces?\","
                        + "\"header\":\"Style\",\"options\":[{\"label\":\"Tabs\",\"description\":\"One tab\"},"
                        + "{\"label\":\"Spaces\",\"description\":\"Four spaces\"}],\"multiSelect\":false}]}"));
        gateway.env("CLAUDE_ARGS", null).start();
        newSession("ask");
        send("how should I indent?");
        BotApiStub.Shown question = awaitPrompt("Tabs or spaces?");
        press(question, "Spaces");
        awaitClosed(question, "✅ Spaces");
        String answer = await("You said: ");
        assertTrue(answer.contains("Spaces"), answer);
    }

    @Test
    void cancelEndsTheRunningCommandAndTheSameProcessAnswersNext() {
        String command = "python3 -c 'import time; time.sleep(120) # " + nonce + "'";
        api.script(request -> request.lastUserText().contains("long")
                ? new AnthropicApiStub.ToolUse("Bash", "{\"command\":" + Json.quote(command) + ",\"description\":\"Long job\"}")
                : new AnthropicApiStub.Text("Answer to: " + request.lastUserText()));
        gateway.start();
        newSession("stop");
        send("run the long job");
        Await.until(() -> longCommandProcesses().stream().anyMatch(p -> p.info().command().orElse("").contains("python")),
                WAIT, () -> "the long command is not running");
        long claude = Metadata.read(dataDir, "stop").orElseThrow().getJsonNumber("pid").longValue();
        send("/cancel");
        await("Cancelled.");
        Await.until(() -> longCommandProcesses().isEmpty(), WAIT, () -> "the command outlived /cancel: " + pids(longCommandProcesses()));
        send("are you still there?");
        // the CLI tells the model of the interruption in the same user message
        await("are you still there?");
        assertTrue(ProcessHandle.of(claude).map(ProcessHandle::isAlive).orElse(false), "/cancel ended claude itself");
        assertEquals(claude, Metadata.read(dataDir, "stop").orElseThrow().getJsonNumber("pid").longValue(), "claude was restarted");
        assertFalse(telegram.messages(CHAT).stream().anyMatch(m -> m.contains("Claude reported an error") || m.contains("stopped unexpectedly")),
                telegram.messages(CHAT).toString());
    }

    @Test
    void modelChangesInTheRunningProcess() {
        gateway.start();
        newSession("model");
        send("hello");
        await("Answer to: hello");
        long claude = Metadata.read(dataDir, "model").orElseThrow().getJsonNumber("pid").longValue();
        send("/model haiku");
        String set = await("Model of session 'model' set to ");
        assertTrue(set.contains("haiku"), set);
        String resolved = set.substring(set.indexOf(" set to ") + 8, set.length() - 1);
        send("which model now?");
        // the CLI adds a note of the model change to the next user message
        await("which model now?");
        AnthropicApiStub.Request next = api.conversationRequests().stream().filter(r -> r.lastUserText().contains("which model now?"))
                .findFirst().orElseThrow();
        assertEquals(resolved, next.model(), "the next request did not use the new model");
        assertEquals(claude, Metadata.read(dataDir, "model").orElseThrow().getJsonNumber("pid").longValue(), "claude was restarted");
    }

    // ---- steps

    Path sessionDir(String name) {
        return dataDir.resolve("sessions").resolve(name);
    }

    BotApiStub.Shown awaitPrompt(String fragment) {
        return telegram.awaitPrompt(CHAT, fragment, WAIT);
    }

    void awaitClosed(BotApiStub.Shown prompt, String lastLine) {
        telegram.awaitClosed(CHAT, prompt, lastLine, WAIT);
    }

    void press(BotApiStub.Shown prompt, String label) {
        assertEquals(200, gateway.webhook().post(updates.callback(CHAT, USER, prompt.messageId(), prompt.callbackData(label))));
    }

    void send(String text) {
        assertEquals(200, gateway.webhook().post(updates.text(USER, CHAT, text)));
    }

    String await(String fragment) {
        return telegram.awaitMessage(CHAT, m -> m.contains(fragment), WAIT);
    }

    long count(String text) {
        return telegram.messages(CHAT).stream().filter(text::equals).count();
    }

    long containing(String fragment) {
        return telegram.messages(CHAT).stream().filter(m -> m.contains(fragment)).count();
    }

    int indexOf(String fragment) {
        List<String> messages = telegram.messages(CHAT);
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    void newSession(String name) {
        send("/new " + name);
        await("Created session '" + name + "'");
    }

    void awaitSuspended(String name) {
        Await.until(() -> Metadata.isSuspended(dataDir, name), WAIT, () -> "not suspended: " + Metadata.read(dataDir, name));
    }

    double awaitCost(String name, java.util.function.DoublePredicate expected) {
        Await.until(() -> Metadata.read(dataDir, name).map(m -> m.getJsonNumber("costUsd").doubleValue())
                .filter(expected::test).isPresent(), WAIT, () -> "cost: " + Metadata.read(dataDir, name));
        return Metadata.read(dataDir, name).orElseThrow().getJsonNumber("costUsd").doubleValue();
    }

    AnthropicApiStub.Request conversationRequestFor(String userText) {
        return api.conversationRequests().stream().filter(r -> r.lastUserText().equals(userText)).findFirst()
                .orElseThrow(() -> new AssertionError("no request for '" + userText + "'"));
    }

    /** Claude starts a command that would run for five minutes, in the background, and ends its turn. */
    void startLongCommand(String session) {
        String command = "python3 -c 'import time; time.sleep(300) # " + nonce + "'";
        api.script(request -> request.endsWithToolResult() ? new AnthropicApiStub.Text("The long job runs in the background.")
                : new AnthropicApiStub.ToolUse("Bash", "{\"command\":" + Json.quote(command)
                        + ",\"description\":\"Long job\",\"run_in_background\":true}"));
        newSession(session);
        send("start the long job");
        await("The long job runs in the background.");
        Await.until(() -> longCommandProcesses().stream().anyMatch(p -> p.info().command().orElse("").contains("python")),
                WAIT, () -> "the long command is not running");
    }

    /** Every live process whose command line carries this test's nonce: the command and its shell. */
    List<ProcessHandle> longCommandProcesses() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> cmdline(p.pid()).contains(nonce) && p.isAlive() && !isZombie(p.pid()))
                    .collect(Collectors.toList());
        }
    }

    static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).collect(Collectors.toList());
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** The conversations the CLI keeps under the private HOME. */
    List<Path> historyFiles() {
        Path projects = home.resolve(".claude").resolve("projects");
        if (!Files.isDirectory(projects)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(projects, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
