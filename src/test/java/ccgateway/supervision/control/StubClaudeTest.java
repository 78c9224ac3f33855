package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.supervision.entity.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the stub {@code claude} used by the integration tests speaks the protocol of SPEC §5 and §9 (CLAUDE-CONTROL.md). */
@Timeout(60)
class StubClaudeTest {

    private static final Path STUB = Path.of("src/test/stub/claude").toAbsolutePath();

    @TempDir
    Path dir;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void endEverythingStarted() {
        started.forEach(ProcessHandle::destroyForcibly);
        started.forEach(handle -> assertTrue(ProcessTreeTest.gone(handle), "left behind: " + handle.pid()));
    }

    @Test
    void eachUserLineIsOneTurnOfInitAssistantAndResult() throws Exception {
        Stub stub = launch(Map.of());
        List<StreamEvent> first = stub.turn("hello \"world\"");
        String sessionId = ((StreamEvent.Init) first.get(0)).sessionId();
        assertEquals(new StreamEvent.AssistantText("echo: hello \"world\""), first.get(1));
        assertEquals(new StreamEvent.Result(false, "echo: hello \"world\"", sessionId, 0.001,
                ((StreamEvent.Result) first.get(2)).durationMs(), 1, List.of(), "completed"), first.get(2));
        assertEquals(new StreamEvent.Init(sessionId), stub.turn("again").get(0), "one process, one conversation");
        assertEquals(0, stub.closeStdinAndWait(), "stdin EOF ends the process cleanly");
    }

    @Test
    void resumeOfAnUnknownSessionFailsLikeTheRealCli() throws Exception {
        Stub stub = launch(Map.of("STUB_CLAUDE_HISTORY_DIR", dir.toString()), "--resume", "x-1");
        StreamEvent.Result result = (StreamEvent.Result) StreamJsonParser.parse(stub.readLine()).get(0);
        assertTrue(result.isError());
        assertEquals(List.of("No conversation found with session ID: x-1"), result.errors());
        assertEquals(1, stub.process.waitFor());
    }

    @Test
    void resumeOfAKnownSessionContinuesIt() throws Exception {
        Map<String, String> env = Map.of("STUB_CLAUDE_HISTORY_DIR", dir.toString());
        Stub first = launch(env);
        String sessionId = ((StreamEvent.Init) first.turn("remember me").get(0)).sessionId();
        assertEquals(0, first.closeStdinAndWait());
        Stub resumed = launch(env, "--resume", sessionId);
        assertEquals(new StreamEvent.Init(sessionId), resumed.turn("still there?").get(0));
        assertEquals(0, resumed.closeStdinAndWait());
    }

    @Test
    void launchAndStdinAreLoggedWhileItRuns() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString(), "CCGATEWAY_SESSION", "alpha"),
                "--model", "opus", "--append-system-prompt", "Be brief.");
        stub.turn("hi");
        List<JsonObject> events = jsonLines(log);
        JsonObject launch = events.get(0);
        assertEquals("launch", launch.getString("event"));
        assertTrue(launch.getJsonArray("argv").toString().contains("\"--append-system-prompt\",\"Be brief.\""));
        assertEquals(stub.process.pid(), launch.getJsonNumber("pid").longValue());
        assertEquals(dir.toString(), launch.getString("cwd"));
        assertEquals("alpha", launch.getJsonObject("env").getString("CCGATEWAY_SESSION"));
        assertEquals(StreamJsonParser.userLine("hi"), events.get(1).getString("line"));
    }

    @Test
    void directivesShowToolUseSkipGarbageAndAnswerBig() throws Exception {
        Stub stub = launch(Map.of());
        List<StreamEvent> events = stub.turn("#tool #garbage #big=5000");
        assertTrue(events.contains(new StreamEvent.ToolUse("Bash", "ls -la")), events.toString());
        assertTrue(events.contains(new StreamEvent.Other("stub_mystery")), events.toString());
        String text = events.stream().filter(e -> e instanceof StreamEvent.AssistantText)
                .map(e -> ((StreamEvent.AssistantText) e).text()).collect(Collectors.joining());
        assertEquals(5000, text.length());
        assertTrue(text.contains("```"));
    }

    @Test
    void crashLeavesHalfALineAndExitCodeThree() throws Exception {
        Stub stub = launch(Map.of());
        stub.send("#crash");
        assertInstanceOf(StreamEvent.Init.class, StreamJsonParser.parse(stub.readLine()).get(0));
        assertEquals(List.of(), StreamJsonParser.parse(stub.readLine()), "the partial line");
        assertNull(stub.readLine());
        assertEquals(3, stub.process.waitFor());
    }

    @Test
    void sigtermExitsWith143UnlessIgnored() throws Exception {
        Stub plain = launch(Map.of());
        plain.turn("hi");
        plain.process.toHandle().destroy();
        assertEquals(143, plain.process.waitFor());

        Stub stubborn = launch(Map.of());
        stubborn.turn("#ignore-term");
        stubborn.process.toHandle().destroy(); // Process.destroy() would also close our end of the pipes
        assertEquals("echo: still here", ((StreamEvent.Result) stubborn.turn("still here").get(2)).result());
        stubborn.process.destroyForcibly();
    }

    @Test
    void grandchildRunsInItsOwnSessionAndIsLogged() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString()));
        stub.turn("#grandchild");
        long pid = jsonLines(log).stream().filter(e -> e.getString("event").equals("grandchild"))
                .findFirst().orElseThrow().getJsonNumber("pid").longValue();
        ProcessHandle grandchild = ProcessHandle.of(pid).orElseThrow();
        started.add(grandchild);
        assertTrue(stub.process.descendants().anyMatch(grandchild::equals));
        stub.process.destroyForcibly();
        stub.process.waitFor();
        assertTrue(grandchild.isAlive(), "an orphan, as Claude's tool commands are after SIGKILL");
    }

    @Test
    void processTreeEndsAStubThatIgnoresSigtermTogetherWithItsOrphanedToolCommand() throws Exception {
        Path log = dir.resolve("stub.log");
        ProcessTree.Marker marker = new ProcessTree.Marker(dir.toString(), "alpha");
        Map<String, String> env = new java.util.HashMap<>(marker.env());
        env.put("STUB_CLAUDE_LOG", log.toString());
        env.put("STUB_CLAUDE_IGNORE_TERM", "1");
        Stub stub = launch(env);
        stub.turn("#grandchild");
        ProcessHandle grandchild = ProcessHandle.of(jsonLines(log).stream()
                .filter(e -> e.getString("event").equals("grandchild"))
                .findFirst().orElseThrow().getJsonNumber("pid").longValue()).orElseThrow();
        started.add(grandchild);
        long start = System.nanoTime();
        assertEquals(2, ProcessTree.terminate(stub.process.toHandle(), marker, java.time.Duration.ofSeconds(1)));
        System.out.println("terminate, stub ignoring SIGTERM + setsid grandchild, grace 1 s: "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(137, stub.process.waitFor(), "SIGKILLed after the grace period");
        assertTrue(ProcessTreeTest.gone(grandchild));
    }

    // --- the control protocol (CLAUDE-CONTROL.md)

    @Test
    void bashIsAskedLikeTheRealCliAndRunsInTheCwdOnAllow() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#bash=echo hi > f.txt");
        String toolUseId = stub.until(toolUse("Bash")).getJsonObject("message").getJsonArray("content")
                .getJsonObject(0).getString("id");
        JsonObject ask = stub.next();
        assertEquals("control_request", ask.getString("type"));
        JsonObject request = ask.getJsonObject("request");
        assertEquals("can_use_tool", request.getString("subtype"));
        assertEquals("Bash", request.getString("tool_name"));
        assertEquals("echo hi > f.txt", request.getJsonObject("input").getString("command"));
        assertEquals(toolUseId, request.getString("tool_use_id"));
        assertEquals(dir.resolve("f.txt").toString(), request.getString("blocked_path"));
        JsonObject rules = request.getJsonArray("permission_suggestions").getJsonObject(0);
        assertEquals("addRules", rules.getString("type"));
        assertEquals("echo *", rules.getJsonArray("rules").getJsonObject(0).getString("ruleContent"));
        assertEquals("localSettings", rules.getString("destination"));
        JsonObject dirs = request.getJsonArray("permission_suggestions").getJsonObject(1);
        assertEquals("addDirectories", dirs.getString("type"));
        assertEquals("session", dirs.getString("destination"));
        assertEquals(dir.toString(), dirs.getJsonArray("directories").getString(0));

        stub.answer(ask.getString("request_id"), "{\"behavior\":\"allow\"}");
        List<JsonObject> lines = stub.through(type("result"));
        JsonObject toolResult = lines.stream().filter(toolResult()).findFirst().orElseThrow();
        assertEquals("accept", toolResult.getJsonArray("tool_result_meta").getJsonObject(0)
                .getJsonObject("permission_decision").getString("decision"));
        assertEquals("hi\n", Files.readString(dir.resolve("f.txt")), "really run by /bin/sh in the cwd");
        JsonObject result = last(lines);
        assertFalse(result.getBoolean("is_error"));
        assertTrue(result.getString("result").startsWith("ran: echo hi > f.txt (exit 0)\n"), result.toString());
        assertEquals(0, result.getJsonArray("permission_denials").size());
    }

    @Test
    void alwaysAllowForTheSessionIsLoggedAndNotAskedAgainForTheSameRule() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString()), STDIO);
        stub.send("#bash=echo one");
        JsonObject ask = stub.until(type("control_request"));
        String id = ask.getString("request_id");
        stub.answer(id, "{\"behavior\":\"allow\",\"updatedPermissions\":"
                + toSession(ask.getJsonObject("request").getJsonArray("permission_suggestions")) + "}");
        stub.through(type("result"));

        JsonObject logged = awaitLog(log, e -> e.getString("event").equals("control")
                && e.getString("direction").equals("response"));
        assertEquals(id, logged.getString("request_id"));
        assertEquals("allow", logged.getString("behavior"));
        assertEquals("matched", logged.getString("outcome"));
        assertTrue(logged.getJsonNumber("t_ns").longValue() > 0);
        logged.getJsonArray("updatedPermissions").forEach(update ->
                assertEquals("session", update.asJsonObject().getString("destination")));
        JsonObject asked = awaitLog(log, e -> e.getString("event").equals("ask"));
        assertEquals(id, asked.getString("request_id"), "the moment our can_use_tool was written, for the bench");
        assertEquals("Bash", asked.getString("tool"));
        assertEquals("echo one", asked.getJsonObject("input").getString("command"));
        assertTrue(asked.getJsonNumber("t_ns").longValue() <= logged.getJsonNumber("t_ns").longValue(), "asked before answered");

        List<JsonObject> again = stub.turnLines("#bash=echo two");
        assertTrue(again.stream().noneMatch(type("control_request")), "allowed by the rule echo *: " + again);
        assertTrue(last(again).getString("result").startsWith("ran: echo two (exit 0)"));
        assertFalse(Files.exists(dir.resolve(".claude/settings.local.json")), "session: nothing in the project");
        stub.send("#bash=ls");
        assertEquals("ls", stub.until(type("control_request")).getJsonObject("request")
                .getJsonObject("input").getString("command"), "another command is still asked about");
    }

    @Test
    void withoutThePermissionPromptToolABashCallIsDeniedSilently() throws Exception {
        Stub stub = launch(Map.of());
        List<JsonObject> lines = stub.turnLines("#bash=echo hi > f.txt");
        assertTrue(lines.stream().noneMatch(type("control_request")), lines.toString());
        JsonObject denied = lines.stream().filter(type("system"))
                .filter(l -> l.getString("subtype").equals("permission_denied")).findFirst().orElseThrow();
        assertEquals("Bash", denied.getString("tool_name"));
        assertTrue(toolResultBlock(lines.stream().filter(toolResult()).findFirst().orElseThrow()).getBoolean("is_error"));
        JsonObject result = last(lines);
        assertFalse(result.getBoolean("is_error"), "the model carries on");
        assertEquals("Bash", result.getJsonArray("permission_denials").getJsonObject(0).getString("tool_name"));
        assertFalse(Files.exists(dir.resolve("f.txt")));
    }

    @Test
    void aDenyIsReportedAndTheTurnContinuesButADenyWithInterruptEndsIt() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#bash=echo hi > f.txt");
        stub.answer(stub.until(type("control_request")).getString("request_id"),
                "{\"behavior\":\"deny\",\"message\":\"The user denied this from Telegram.\"}");
        List<JsonObject> lines = stub.through(type("result"));
        JsonObject block = toolResultBlock(lines.stream().filter(toolResult()).findFirst().orElseThrow());
        assertEquals("The user denied this from Telegram.", block.getString("content"));
        assertTrue(block.getBoolean("is_error"));
        JsonObject result = last(lines);
        assertTrue(result.getString("result").startsWith("denied Bash: The user denied this from Telegram."));
        JsonObject denial = result.getJsonArray("permission_denials").getJsonObject(0);
        assertEquals("echo hi > f.txt", denial.getJsonObject("tool_input").getString("command"));
        assertFalse(Files.exists(dir.resolve("f.txt")));

        stub.send("#bash=echo hi > f.txt");
        stub.answer(stub.until(type("control_request")).getString("request_id"),
                "{\"behavior\":\"deny\",\"message\":\"Stop.\",\"interrupt\":true}");
        assertAbortedTools(stub.until(type("result")));
        assertEquals(1, stub.closeStdinAndWait(), "after an interrupted turn, like the real CLI");
    }

    @Test
    void writeIsAskedWithASetModeSuggestionAndRunsWithoutAskingInAcceptEdits() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#write=w.txt");
        JsonObject request = stub.until(type("control_request")).getJsonObject("request");
        assertEquals("Write", request.getString("tool_name"));
        assertEquals(dir.resolve("w.txt").toString(), request.getJsonObject("input").getString("file_path"));
        assertEquals("hello\n", request.getJsonObject("input").getString("content"));
        assertEquals("w.txt", request.getString("description"));
        assertTrue(request.getBoolean("server_policy_ask_only"));
        JsonObject suggestion = request.getJsonArray("permission_suggestions").getJsonObject(0);
        assertEquals(List.of("setMode", "acceptEdits", "session"), List.of(suggestion.getString("type"),
                suggestion.getString("mode"), suggestion.getString("destination")));
        stub.answer(stub.lastRequestId, "{\"behavior\":\"allow\"}");
        stub.through(type("result"));
        assertEquals("hello\n", Files.readString(dir.resolve("w.txt")));

        stub.control("m1", "set_permission_mode", "\"mode\":\"acceptEdits\"");
        assertEquals("acceptEdits", stub.response("m1").getJsonObject("response").getString("mode"));
        JsonObject status = stub.next();
        assertEquals(List.of("system", "status", "acceptEdits"), List.of(status.getString("type"),
                status.getString("subtype"), status.getString("permissionMode")));
        List<JsonObject> lines = stub.turnLines("#write=w2.txt");
        assertEquals("acceptEdits", lines.get(0).getString("permissionMode"));
        assertTrue(lines.stream().noneMatch(type("control_request")), lines.toString());
        assertTrue(Files.exists(dir.resolve("w2.txt")));

        stub.control("m2", "set_permission_mode", "\"mode\":\"bypassPermissions\"");
        assertEquals("bypass_not_launched", stub.response("m2").getString("error_code"));
        stub.control("m3", "set_permission_mode", "\"mode\":\"yolo\"");
        assertEquals("invalid_mode", stub.response("m3").getString("error_code"));
    }

    @Test
    void askUserQuestionIsAnsweredWithTheChosenOption() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#ask=Which colour?|Red|Blue");
        JsonObject request = stub.until(type("control_request")).getJsonObject("request");
        assertEquals("AskUserQuestion", request.getString("tool_name"));
        assertTrue(request.getBoolean("requires_user_interaction"));
        JsonObject question = request.getJsonObject("input").getJsonArray("questions").getJsonObject(0);
        assertEquals("Which colour?", question.getString("question"));
        assertFalse(question.getBoolean("multiSelect"));
        assertFalse(question.getString("header").isEmpty());
        assertEquals("Blue", question.getJsonArray("options").getJsonObject(1).getString("label"));
        assertFalse(question.getJsonArray("options").getJsonObject(1).getString("description").isEmpty());
        JsonObject updated = Json.createObjectBuilder(request.getJsonObject("input"))
                .add("answers", Json.createObjectBuilder().add("Which colour?", "Blue")).build();
        stub.answer(stub.lastRequestId, "{\"behavior\":\"allow\",\"updatedInput\":" + updated + "}");
        assertTrue(stub.until(type("result")).getString("result").startsWith("answer: Blue\n"));
    }

    @Test
    void planModeAsksExitPlanModeAndAnApprovedPlanLeavesIt() throws Exception {
        Stub stub = launch(Map.of(), STDIO, "--permission-mode", "plan");
        stub.send("#plan");
        assertEquals("plan", stub.until(type("system")).getString("permissionMode"));
        JsonObject request = stub.until(type("control_request")).getJsonObject("request");
        assertEquals("ExitPlanMode", request.getString("tool_name"));
        assertTrue(request.getJsonObject("input").getString("plan").startsWith("## "));
        stub.answer(stub.lastRequestId, "{\"behavior\":\"deny\",\"message\":\"The user wants to keep planning.\"}");
        assertTrue(stub.until(type("result")).getString("result")
                .startsWith("denied ExitPlanMode: The user wants to keep planning."));

        stub.send("#plan");
        stub.answer(stub.until(type("control_request")).getString("request_id"), "{\"behavior\":\"allow\"}");
        assertTrue(stub.until(type("result")).getString("result").startsWith("plan approved\n"));
        assertEquals("default", stub.turnLines("next").get(0).getString("permissionMode"));

        Stub bypass = launch(Map.of(), "--permission-mode", "bypassPermissions");
        assertEquals(1, bypass.process.waitFor(), "refused, as --dangerously-skip-permissions is as root");
    }

    @Test
    void interruptKillsTheRunningToolsProcessGroupAndEndsTheTurnAsAbortedTools() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString()), STDIO);
        stub.send("#sleep-tool=60");
        JsonObject request = stub.until(type("control_request")).getJsonObject("request");
        assertEquals("python3 -c \"import time; time.sleep(60)\"", request.getJsonObject("input").getString("command"));
        stub.answer(stub.lastRequestId, "{\"behavior\":\"allow\"}");
        long pgid = awaitLog(log, e -> e.getString("event").equals("tool")).getJsonNumber("pgid").longValue();
        ProcessHandle.of(pgid).ifPresent(started::add);
        assertTrue(ProcessTreeTest.eventually(() -> processGroup(pgid).size() >= 2), "sh and python3 run");

        long start = System.nanoTime();
        stub.control("int-1", "interrupt", null);
        JsonObject ack = stub.next();
        assertEquals("int-1", ack.getJsonObject("response").getString("request_id"));
        assertEquals(0, ack.getJsonObject("response").getJsonObject("response").getJsonArray("still_queued").size());
        JsonObject said = stub.next();
        assertEquals("[Request interrupted by user for tool use]", said.getJsonObject("message")
                .getJsonArray("content").getJsonObject(0).getString("text"));
        assertAbortedTools(stub.next());
        assertTrue(ProcessTreeTest.eventually(() -> processGroup(pgid).isEmpty()), "left: " + processGroup(pgid));
        System.out.println("interrupt of a running tool until its process group is gone: "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(1, stub.closeStdinAndWait());
    }

    @Test
    void interruptWhileAPermissionRequestWaitsWithdrawsItFirstAndIgnoresTheLateAnswer() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString()), STDIO);
        stub.send("#bash=echo late > late.txt");
        String id = stub.until(type("control_request")).getString("request_id");
        stub.control("int-1", "interrupt", null);
        JsonObject cancel = stub.next();
        assertEquals("control_cancel_request", cancel.getString("type"));
        assertEquals(id, cancel.getString("request_id"));
        assertEquals("int-1", stub.next().getJsonObject("response").getString("request_id"), "then the ack");
        assertAbortedTools(stub.until(type("result")));

        stub.answer(id, "{\"behavior\":\"allow\"}");
        stub.answer("no-such-request", "{\"behavior\":\"allow\"}");
        assertEquals("echo: hello", last(stub.turnLines("hello")).getString("result"), "takes the next message");
        assertEquals("withdrawn", awaitLog(log, e -> id.equals(e.getString("request_id", null))
                && "response".equals(e.getString("direction", null))).getString("outcome"));
        assertEquals("unknown", awaitLog(log, e -> "no-such-request".equals(e.getString("request_id", null)))
                .getString("outcome"));
        assertFalse(Files.exists(dir.resolve("late.txt")), "a withdrawn request's allow runs nothing");
    }

    @Test
    void interruptDuringStreamedTextEndsAsAbortedStreaming() throws Exception {
        Stub stub = launch(Map.of(), STDIO, "--include-partial-messages");
        stub.send("#stream=30 a long answer");
        stub.until(streamEvent("content_block_delta"));
        stub.control("int-1", "interrupt", null);
        List<JsonObject> lines = stub.through(type("result"));
        assertEquals("int-1", lines.stream().filter(type("control_response")).findFirst().orElseThrow()
                .getJsonObject("response").getString("request_id"));
        assertTrue(lines.stream().filter(type("assistant")).findFirst().orElseThrow().getBoolean("aborted"));
        assertTrue(lines.stream().filter(type("user")).anyMatch(l -> l.getJsonObject("message").getJsonArray("content")
                .getJsonObject(0).getString("text").equals("[Request interrupted by user]")));
        JsonObject result = last(lines);
        assertTrue(result.getBoolean("is_error"));
        assertEquals("aborted_streaming", result.getString("terminal_reason"));
        assertFalse(result.containsKey("result"));
    }

    @Test
    void interruptWhenIdleIsOnlyAcknowledged() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.turnLines("hello");
        stub.control("int-1", "interrupt", null);
        assertEquals("int-1", stub.next().getJsonObject("response").getString("request_id"));
        stub.send("again");
        assertEquals("init", stub.next().getString("subtype"), "no result came for the idle interrupt");
        assertEquals("echo: again", stub.until(type("result")).getString("result"));
        assertEquals(0, stub.closeStdinAndWait());
    }

    @Test
    void partialMessagesStreamTheBlockAndTheAssistantLineComesBeforeItsStop() throws Exception {
        Stub stub = launch(Map.of(), STDIO, "--include-partial-messages");
        List<String> kinds = stub.turnLines("hello there").stream()
                .map(l -> l.getString("type").equals("stream_event") ? l.getJsonObject("event").getString("type")
                        : l.getString("type"))
                .filter(k -> !k.equals("system")).distinct().collect(Collectors.toList());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "assistant",
                "content_block_stop", "message_delta", "message_stop", "result"), kinds);
        Stub again = launch(Map.of(), STDIO, "--include-partial-messages");
        List<JsonObject> lines = again.turnLines("hello there, a longer answer to chunk");
        assertTrue(lines.stream().filter(streamEvent("content_block_delta")).count() >= 2);
        String streamed = lines.stream().filter(streamEvent("content_block_delta"))
                .map(l -> l.getJsonObject("event").getJsonObject("delta").getString("text")).collect(Collectors.joining());
        assertEquals("echo: hello there, a longer answer to chunk", streamed);
        assertTrue(lines.stream().filter(streamEvent("message_start")).findFirst().orElseThrow().containsKey("ttft_ms"));
    }

    @Test
    void aUserLineWithoutUuidFoldsIntoTheRunningTurn() throws Exception {
        Path log = dir.resolve("stub.log");
        Path go = dir.resolve("go");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString()), STDIO);
        stub.send("#wait-for=" + go);
        stub.send("and this too");
        awaitLog(log, e -> e.getString("event").equals("fold"));
        Files.createFile(go);
        JsonObject result = stub.until(type("result"));
        assertTrue(result.getString("result").endsWith("\necho: and this too"), result.toString());
        assertEquals("echo: next", last(stub.turnLines("next")).getString("result"), "one result for both");
    }

    @Test
    void aUserLineWithUuidIsQueuedAndRunAsItsOwnTurn() throws Exception {
        Path go = dir.resolve("go");
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#wait-for=" + go);
        stub.until(type("system"));
        stub.send("second", "u-2");
        JsonObject queued = stub.next();
        assertEquals(List.of("command_lifecycle", "u-2", "queued"), List.of(queued.getString("type"),
                queued.getString("command_uuid"), queued.getString("state")));
        Files.createFile(go);
        assertEquals("echo: #wait-for=" + go, stub.until(type("result")).getString("result"));
        assertEquals("init", stub.next().getString("subtype"));
        assertEquals("echo: second", stub.until(type("result")).getString("result"));
    }

    @Test
    void interruptWithCancelQueuedDropsTheQueuedTurns() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.send("#wait-for=" + dir.resolve("never"));
        stub.until(type("system"));
        stub.send("second", "u-2");
        stub.until(type("command_lifecycle"));
        stub.control("int-1", "interrupt", "\"cancel_queued\":true");
        JsonObject answer = stub.response("int-1").getJsonObject("response");
        assertEquals(0, answer.getJsonArray("still_queued").size());
        assertEquals("u-2", answer.getJsonArray("cancelled").getString(0));
        JsonObject cancelled = stub.next();
        assertEquals(List.of("u-2", "cancelled"), List.of(cancelled.getString("command_uuid"), cancelled.getString("state")));
        JsonObject result = stub.until(type("result"));
        assertEquals("aborted_streaming", result.getString("terminal_reason"));
        assertEquals("echo: third", last(stub.turnLines("third")).getString("result"), "second never ran");
    }

    @Test
    void setModelResolvesAnAliasAndTheRunningTurnUsesItWithCumulativeUsage() throws Exception {
        Path go = dir.resolve("go");
        Stub stub = launch(Map.of(), STDIO);
        JsonObject first = last(stub.turnLines("hello"));
        assertEquals(0.001, first.getJsonNumber("total_cost_usd").doubleValue());
        assertTrue(first.getJsonObject("usage").getInt("output_tokens") > 0);
        stub.send("#wait-for=" + go);
        stub.until(type("system"));
        stub.control("m1", "set_model", "\"model\":\"haiku\"");
        assertEquals("claude-haiku-5-5", stub.response("m1").getJsonObject("response").getString("model"));
        Files.createFile(go);
        List<JsonObject> lines = stub.through(type("result"));
        assertEquals("claude-haiku-5-5", lines.stream().filter(type("assistant")).findFirst().orElseThrow()
                .getJsonObject("message").getString("model"), "the very next API call");
        JsonObject result = last(lines);
        assertEquals(0.002, result.getJsonNumber("total_cost_usd").doubleValue());
        JsonObject modelUsage = result.getJsonObject("modelUsage");
        assertEquals(Set.of("claude-stub-1", "claude-haiku-5-5"), modelUsage.keySet(), "cumulative for the process");
        assertEquals(200000, modelUsage.getJsonObject("claude-haiku-5-5").getInt("contextWindow"));
        assertEquals("claude-haiku-5-5", stub.turnLines("next").get(0).getString("model"));
        stub.control("m2", "set_model", null);
        assertEquals("claude-stub-1", stub.response("m2").getJsonObject("response").getString("model"));
    }

    @Test
    void contextUsageUsageInitializeAndUnsupportedRequestsAreAnswered() throws Exception {
        Stub stub = launch(Map.of(), STDIO);
        stub.turnLines("hello");
        stub.sendLine("{\"type\":\"keep_alive\"}");
        stub.control("c1", "get_context_usage", "\"detail\":\"summary\"");
        JsonObject context = stub.next().getJsonObject("response");
        assertEquals("c1", context.getString("request_id"), "keep_alive got no answer");
        JsonObject usage = context.getJsonObject("response");
        assertFalse(usage.getJsonArray("categories").isEmpty());
        assertEquals(200000, usage.getInt("maxTokens"));
        assertTrue(usage.getInt("totalTokens") > 0);
        assertEquals(100.0 * usage.getInt("totalTokens") / 200000, usage.getJsonNumber("percentage").doubleValue(), 0.01);
        stub.control("u1", "get_usage", null);
        assertEquals(0.001, stub.response("u1").getJsonObject("response").getJsonObject("session")
                .getJsonNumber("total_cost_usd").doubleValue());
        stub.control("i1", "initialize", null);
        assertEquals("success", stub.response("i1").getString("subtype"));
        stub.control("x1", "rewind_files", null);
        JsonObject unsupported = stub.response("x1");
        assertEquals("error", unsupported.getString("subtype"));
        assertEquals("unsupported_request", unsupported.getString("error_code"));
    }

    @Test
    void controlSubtypesCanBeMadeToFailOrToStaySilent() throws Exception {
        Path log = dir.resolve("stub.log");
        Stub stub = launch(Map.of("STUB_CLAUDE_LOG", log.toString(), "STUB_CLAUDE_CONTROL_ERROR", "set_model",
                "STUB_CLAUDE_CONTROL_SILENT", "get_context_usage,interrupt"), STDIO);
        stub.control("m1", "set_model", "\"model\":\"haiku\"");
        JsonObject failed = stub.next().getJsonObject("response");
        assertEquals(List.of("error", "m1"), List.of(failed.getString("subtype"), failed.getString("request_id")));
        stub.control("c1", "get_context_usage", null);
        stub.control("u1", "get_usage", null);
        assertEquals("u1", stub.next().getJsonObject("response").getString("request_id"), "c1 was never answered");
        assertTrue(jsonLines(log).stream().anyMatch(e -> e.getString("event").equals("control")
                && "c1".equals(e.getString("request_id", null))), "but it was received");
        assertEquals("claude-stub-1", stub.turnLines("hello").get(0).getString("model"), "a failed set_model changes nothing");
    }

    // --- driving the stub

    private static final String STDIO = "--permission-prompt-tool=stdio";

    private Stub launch(Map<String, String> env, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(STUB.toString(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose"));
        for (String arg : extraArgs) {
            command.addAll(arg.equals(STDIO) ? List.of("--permission-prompt-tool", "stdio") : List.of(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process.toHandle());
        return new Stub(process);
    }

    private static List<JsonObject> jsonLines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject())
                .collect(Collectors.toList());
    }

    /** The first event of the stub's log that matches, waiting for it up to a deadline. */
    private static JsonObject awaitLog(Path log, Predicate<JsonObject> match) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (JsonObject event : jsonLines(log)) {
                    if (match.test(event)) {
                        return event;
                    }
                }
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new AssertionError("not logged within 10 s: " + Files.readString(log));
    }

    /** The live members of a process group, from /proc (zombies count as gone). */
    private static List<Long> processGroup(long pgid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid;
                        } catch (IOException | RuntimeException e) {
                            return false; // gone while we looked
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertAbortedTools(JsonObject result) {
        assertEquals("result", result.getString("type"));
        assertEquals("error_during_execution", result.getString("subtype"));
        assertTrue(result.getBoolean("is_error"));
        assertEquals("aborted_tools", result.getString("terminal_reason"));
        assertFalse(result.containsKey("result"), "no result text");
    }

    private static String toSession(JsonArray suggestions) {
        JsonArrayBuilder rewritten = Json.createArrayBuilder();
        suggestions.forEach(s -> rewritten.add(Json.createObjectBuilder(s.asJsonObject()).add("destination", "session")));
        return rewritten.build().toString();
    }

    private static JsonObject last(List<JsonObject> lines) {
        return lines.get(lines.size() - 1);
    }

    private static Predicate<JsonObject> type(String type) {
        return line -> type.equals(line.getString("type", null));
    }

    private static Predicate<JsonObject> streamEvent(String type) {
        return line -> "stream_event".equals(line.getString("type", null))
                && type.equals(line.getJsonObject("event").getString("type"));
    }

    private static Predicate<JsonObject> toolUse(String name) {
        return line -> "assistant".equals(line.getString("type", null)) && line.getJsonObject("message")
                .getJsonArray("content").stream().anyMatch(b -> name.equals(b.asJsonObject().getString("name", null)));
    }

    private static Predicate<JsonObject> toolResult() {
        return line -> "user".equals(line.getString("type", null)) && line.getJsonObject("message")
                .get("content") instanceof JsonArray content && !content.isEmpty()
                && "tool_result".equals(content.getJsonObject(0).getString("type", null));
    }

    private static JsonObject toolResultBlock(JsonObject line) {
        return line.getJsonObject("message").getJsonArray("content").getJsonObject(0);
    }

    private static final class Stub {
        private static final String EOF = "\u0000eof";
        final Process process;
        final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        /** The request_id of the last control_request read. */
        String lastRequestId;

        Stub(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
                lines.add(EOF);
            }, "stub-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /** The next stdout line within 10 s; null at EOF. */
        String readLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertFalse(line == null, "no line within 10 s");
            return line == EOF ? null : line;
        }

        /** The next JSON object line (others skipped). */
        JsonObject next() throws InterruptedException {
            while (true) {
                String line = readLine();
                assertFalse(line == null, "stdout ended");
                if (line.startsWith("{")) {
                    try {
                        JsonObject object = Json.createReader(new StringReader(line)).readObject();
                        if (type("control_request").test(object)) {
                            lastRequestId = object.getString("request_id");
                        }
                        return object;
                    } catch (RuntimeException e) {
                        // not JSON after all
                    }
                }
            }
        }

        /** The lines up to and including the first that matches. */
        List<JsonObject> through(Predicate<JsonObject> match) throws InterruptedException {
            List<JsonObject> seen = new ArrayList<>();
            do {
                seen.add(next());
            } while (!match.test(last(seen)));
            return seen;
        }

        JsonObject until(Predicate<JsonObject> match) throws InterruptedException {
            return last(through(match));
        }

        List<JsonObject> turnLines(String text) throws IOException, InterruptedException {
            send(text);
            return through(type("result"));
        }

        JsonObject response(String requestId) throws InterruptedException {
            return until(line -> type("control_response").test(line)
                    && requestId.equals(line.getJsonObject("response").getString("request_id"))).getJsonObject("response");
        }

        void sendLine(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        void send(String text) throws IOException {
            sendLine(StreamJsonParser.userLine(text));
        }

        void send(String text, String uuid) throws IOException {
            JsonObject line = Json.createReader(new StringReader(StreamJsonParser.userLine(text))).readObject();
            sendLine(Json.createObjectBuilder(line).add("uuid", uuid).build().toString());
        }

        void control(String requestId, String subtype, String fields) throws IOException {
            sendLine("{\"type\":\"control_request\",\"request_id\":\"" + requestId + "\",\"request\":{\"subtype\":\""
                    + subtype + "\"" + (fields == null ? "" : "," + fields) + "}}");
        }

        void answer(String requestId, String response) throws IOException {
            sendLine("{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\""
                    + requestId + "\",\"response\":" + response + "}}");
        }

        /** Sends one message and reads the events up to and including its result. */
        List<StreamEvent> turn(String text) throws IOException, InterruptedException {
            send(text);
            List<StreamEvent> events = new ArrayList<>();
            while (events.isEmpty() || !(events.get(events.size() - 1) instanceof StreamEvent.Result)) {
                String line = readLine();
                assertFalse(line == null, "stdout ended before the result; events so far: " + events);
                events.addAll(StreamJsonParser.parse(line));
            }
            return events;
        }

        int closeStdinAndWait() throws Exception {
            in.close();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            return process.exitValue();
        }
    }
}
