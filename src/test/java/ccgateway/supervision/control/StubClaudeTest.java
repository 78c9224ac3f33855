package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.supervision.entity.StreamEvent;
import jakarta.json.Json;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the stub {@code claude} used by the integration tests speaks the protocol of SPEC §5. */
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
                ((StreamEvent.Result) first.get(2)).durationMs(), 1, List.of()), first.get(2));
        assertEquals(new StreamEvent.Init(sessionId), stub.turn("again").get(0), "one process, one conversation");
        assertEquals(0, stub.closeStdinAndWait(), "stdin EOF ends the process cleanly");
    }

    @Test
    void resumeOfAnUnknownSessionFailsLikeTheRealCli() throws Exception {
        Stub stub = launch(Map.of("STUB_CLAUDE_HISTORY_DIR", dir.toString()), "--resume", "x-1");
        StreamEvent.Result result = (StreamEvent.Result) StreamJsonParser.parse(stub.out.readLine()).get(0);
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
        assertInstanceOf(StreamEvent.Init.class, StreamJsonParser.parse(stub.out.readLine()).get(0));
        assertEquals(List.of(), StreamJsonParser.parse(stub.out.readLine()), "the partial line");
        assertNull(stub.out.readLine());
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

    // --- driving the stub

    private Stub launch(Map<String, String> env, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(STUB.toString(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose"));
        command.addAll(List.of(extraArgs));
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

    private static final class Stub {
        final Process process;
        final BufferedReader out;
        final Writer in;

        Stub(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        void send(String text) throws IOException {
            in.write(StreamJsonParser.userLine(text) + "\n");
            in.flush();
        }

        /** Sends one message and reads the events up to and including its result. */
        List<StreamEvent> turn(String text) throws IOException {
            send(text);
            List<StreamEvent> events = new ArrayList<>();
            while (events.isEmpty() || !(events.get(events.size() - 1) instanceof StreamEvent.Result)) {
                String line = out.readLine();
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
