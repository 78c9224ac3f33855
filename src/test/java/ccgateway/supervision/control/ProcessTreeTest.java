package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.supervision.control.ProcessTree.Marker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, no mocks: every test ends what it started, and checks so in {@link #endEverythingStarted()}. */
@Timeout(60)
class ProcessTreeTest {

    private static final Duration GRACE = Duration.ofSeconds(1);
    /** A child in a session of its own that prints its pid, then sleeps: survives its parent like a Bash tool command. */
    private static final String SETSID_GRANDCHILD = "setsid bash -c 'echo $$; exec sleep 600' & ";

    @TempDir
    Path home;
    private Marker alpha;
    private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void markers() {
        alpha = new Marker(home.toString(), "alpha");
    }

    @AfterEach
    void endEverythingStarted() {
        List<ProcessHandle> all = new ArrayList<>(started);
        all.addAll(ProcessTree.marked(Marker.anySession(home.toString())));
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(handle -> assertTrue(gone(handle), "left behind: " + handle.pid()));
    }

    @Test
    void markerIsReadFromTheProcessEnvironment() throws IOException {
        long pid = start(alpha, "exec sleep 600").pid();
        long unmarked = start(null, "exec sleep 600").pid();
        // the exec into sleep briefly empties /proc/<pid>/environ: poll rather than sample once
        assertTrue(eventually(() -> alpha.matches(pid)));
        assertTrue(eventually(() -> Marker.anySession(home.toString()).matches(pid)));
        assertFalse(new Marker(home.toString(), "beta").matches(pid));
        assertFalse(new Marker(home + "/other", "alpha").matches(pid));
        assertFalse(alpha.matches(unmarked));
        assertFalse(Marker.anySession(home.toString()).matches(unmarked));
        assertFalse(alpha.matches(Integer.MAX_VALUE));
        assertEquals(Map.of("CCGATEWAY_HOME", home.toString(), "CCGATEWAY_SESSION", "alpha"), alpha.env());
        assertThrows(IllegalStateException.class, () -> Marker.anySession("x").env());
    }

    @Test
    void markedFindsExactlyTheProcessesOfOneSession() throws IOException {
        Set<Long> alphas = Set.of(start(alpha, "exec sleep 600").pid(), start(alpha, "exec sleep 600").pid());
        long beta = start(new Marker(home.toString(), "beta"), "exec sleep 600").pid();
        start(null, "exec sleep 600");
        assertEquals(alphas, pids(ProcessTree.marked(alpha)));
        Set<Long> all = pids(ProcessTree.marked(Marker.anySession(home.toString())));
        assertTrue(all.containsAll(alphas) && all.contains(beta) && all.size() == 3, all.toString());
    }

    @Test
    void concurrentCallersEachFindTheProcessStartedBeforeTheyAsked() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 8; i++) {
                    Marker session = new Marker(home.toString(), "s" + round + "-" + i);
                    checks.add(callers.submit(() -> {
                        ProcessHandle process = start(session, "exec sleep 600");
                        // settled: bash's environment shows before its exec into sleep, and is empty for
                        // the instant of the exec (measured: ~1 ms), which a sweep may hit
                        assertTrue(eventually(() -> process.info().command().orElse("").endsWith("/sleep") && session.matches(process.pid())),
                                "exec'ed into sleep with its marker");
                        assertEquals(Set.of(process.pid()), pids(ProcessTree.marked(session)), "a shared sweep must not miss it");
                        return null;
                    }));
                }
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void startTimeIsStableWhileAliveAndAbsentWhenGone() throws IOException {
        ProcessHandle sleeper = start(alpha, "exec sleep 600");
        String startTime = ProcessTree.startTime(sleeper.pid()).orElseThrow();
        assertTrue(startTime.matches("\\d+"), startTime);
        assertEquals(startTime, ProcessTree.startTime(sleeper.pid()).orElseThrow());
        sleeper.destroyForcibly();
        assertTrue(gone(sleeper));
        assertTrue(ProcessTree.startTime(sleeper.pid()).isEmpty());
    }

    @Test
    void terminateEndsACooperativeRootAndItsChildrenWithoutWaitingForGrace() throws IOException {
        ProcessHandle root = startAndAwaitReady(alpha, "sleep 600 & echo ready; wait");
        List<ProcessHandle> children = root.descendants().collect(Collectors.toList());
        Instant start = Instant.now();
        assertEquals(2, ProcessTree.terminate(root, alpha, Duration.ofSeconds(10)));
        Duration took = Duration.between(start, Instant.now());
        assertTrue(gone(root) && children.stream().allMatch(ProcessTreeTest::gone));
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        System.out.println("terminate, cooperative root, grace 10 s: " + took.toMillis() + " ms");
    }

    @Test
    void descendantsOfManyRootsFromOneWalkAreWhatTheJdkFindsPerRoot() throws IOException {
        ProcessHandle first = startAndAwaitReady(alpha, "sleep 600 & bash -c 'sleep 600 & wait' & echo ready; wait");
        ProcessHandle second = startAndAwaitReady(new Marker(home.toString(), "beta"), "sleep 600 & echo ready; wait");
        ProcessHandle unrelated = startAndAwaitReady(null, "sleep 600 & echo ready; wait");
        assertTrue(eventually(() -> first.descendants().count() == 3), "premise: child, grandchild and its child");
        Set<Long> expected = pids(List.of(first, second).stream().flatMap(ProcessHandle::descendants).collect(Collectors.toList()));

        Set<Long> found = pids(ProcessTree.descendants(List.of(first, second)).collect(Collectors.toList()));

        assertEquals(expected, found);
        assertEquals(4, found.size());
        assertTrue(unrelated.descendants().noneMatch(h -> found.contains(h.pid())), "another tree's children are not ours");
    }

    @Test
    void terminateKillsARootThatIgnoresSigtermAfterGrace() throws IOException {
        ProcessHandle root = startAndAwaitReady(alpha, "trap '' TERM; sleep 600 & echo ready; wait");
        List<ProcessHandle> children = root.descendants().collect(Collectors.toList());
        Instant start = Instant.now();
        assertEquals(2, ProcessTree.terminate(root, alpha, GRACE));
        Duration took = Duration.between(start, Instant.now());
        assertTrue(gone(root) && children.stream().allMatch(ProcessTreeTest::gone));
        assertTrue(took.compareTo(GRACE) >= 0 && took.compareTo(GRACE.plusSeconds(2)) < 0, "took " + took);
        System.out.println("terminate, SIGTERM-ignoring root, grace 1 s: " + took.toMillis() + " ms");
    }

    @Test
    void preparingTheShutdownWalksSignalNothing() throws IOException {
        ProcessHandle marked = startAndAwaitReady(alpha, "trap 'exit 3' TERM; echo ready; sleep 600 & wait");
        ProcessTree.prepareToEnd(Marker.anySession(home.toString()));
        assertTrue(marked.isAlive(), "prepareToEnd only loads and links; a signal would have ended the process");
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void terminateKillsAGrandchildInItsOwnSessionThatSurvivesItsParent() throws IOException {
        Process root = startProcess(alpha, SETSID_GRANDCHILD + "wait");
        ProcessHandle grandchild = track(firstLineAsPid(root));
        assertTrue(sessionId(grandchild.pid()) != sessionId(root.pid()), "premise: own session");
        assertEquals(2, ProcessTree.terminate(root.toHandle(), alpha, GRACE));
        assertTrue(gone(root.toHandle()));
        assertTrue(gone(grandchild));
    }

    @Test
    void terminateLeavesUnmarkedAndOtherSessionsProcessesAlone() throws IOException {
        Process root = startProcess(alpha, "env -u CCGATEWAY_HOME -u CCGATEWAY_SESSION bash -c 'echo $$; exec sleep 600' & wait");
        ProcessHandle scrubbedChild = track(firstLineAsPid(root));
        ProcessHandle foreign = start(null, "exec sleep 600");
        ProcessHandle beta = start(new Marker(home.toString(), "beta"), "exec sleep 600");
        assertEquals(1, ProcessTree.terminate(root.toHandle(), alpha, GRACE));
        assertTrue(gone(root.toHandle()));
        assertTrue(scrubbedChild.isAlive() && foreign.isAlive() && beta.isAlive());
    }

    @Test
    void terminateRefusesToEndTheGatewayItself() {
        assertThrows(IllegalArgumentException.class,
                () -> ProcessTree.terminate(ProcessHandle.current(), alpha, GRACE));
    }

    @Test
    void terminateOfAnEndedRootStillEndsItsMarkedOrphans() throws IOException {
        Process root = startProcess(alpha, SETSID_GRANDCHILD + "wait");
        ProcessHandle grandchild = track(firstLineAsPid(root));
        root.destroyForcibly();
        assertTrue(gone(root.toHandle()));
        assertEquals(1, ProcessTree.terminate(root.toHandle(), alpha, GRACE));
        assertTrue(gone(grandchild));
    }

    @Test
    void reapEndsTheRecordedProcessAndItsOrphanedGrandchild() throws IOException {
        Process root = startProcess(alpha, SETSID_GRANDCHILD + "wait");
        ProcessHandle grandchild = track(firstLineAsPid(root));
        String startTime = ProcessTree.startTime(root.pid()).orElseThrow();
        assertEquals(2, ProcessTree.reap(root.pid(), startTime, alpha, GRACE));
        assertTrue(gone(root.toHandle()) && gone(grandchild));
    }

    @Test
    void reapEndsOrphansWhenTheRecordedProcessIsAlreadyGone() throws IOException {
        Process root = startProcess(alpha, SETSID_GRANDCHILD + "wait");
        ProcessHandle grandchild = track(firstLineAsPid(root));
        String startTime = ProcessTree.startTime(root.pid()).orElseThrow();
        root.destroyForcibly(); // SIGKILL, as a crash would: the grandchild is orphaned
        assertTrue(gone(root.toHandle()));
        assertEquals(1, ProcessTree.reap(root.pid(), startTime, alpha, GRACE));
        assertTrue(gone(grandchild));
    }

    @Test
    void reapSparesAForeignProcessWhosePidWasRecorded() throws IOException {
        ProcessHandle foreign = start(null, "exec sleep 600");
        String startTime = ProcessTree.startTime(foreign.pid()).orElseThrow();
        assertEquals(0, ProcessTree.reap(foreign.pid(), startTime, alpha, GRACE));
        assertTrue(foreign.isAlive());
    }

    @Test
    void reapSparesTheRecordedPidWhenItsStartTimeDiffers() throws IOException {
        ProcessHandle reused = start(alpha, "exec sleep 600");
        long realStart = Long.parseLong(ProcessTree.startTime(reused.pid()).orElseThrow());
        assertEquals(0, ProcessTree.reap(reused.pid(), String.valueOf(realStart - 1), alpha, GRACE));
        assertEquals(0, ProcessTree.reap(reused.pid(), null, alpha, GRACE));
        assertTrue(reused.isAlive());
    }

    // --- starting and watching real processes

    private ProcessHandle start(Marker marker, String script) throws IOException {
        return startProcess(marker, script).toHandle();
    }

    private Process startProcess(Marker marker, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (marker != null) {
            builder.environment().putAll(marker.env());
        }
        Process process = builder.start();
        started.add(process.toHandle());
        if (marker != null) {
            // while bash execs into sleep, /proc/<pid>/environ is briefly empty: wait until it shows again
            assertTrue(eventually(() -> marker.matches(process.pid())), "marker visible");
        }
        return process;
    }

    private ProcessHandle startAndAwaitReady(Marker marker, String script) throws IOException {
        Process process = startProcess(marker, script);
        assertEquals("ready", firstLine(process), "the script's signal handling is set up");
        return process.toHandle();
    }

    private ProcessHandle track(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        started.add(handle);
        return handle;
    }

    private static long firstLineAsPid(Process process) throws IOException {
        return Long.parseLong(firstLine(process));
    }

    private static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** Polls with a deadline: gone means exited (or a zombie nobody reaped yet). */
    static boolean gone(ProcessHandle handle) {
        return eventually(() -> !handle.isAlive() || LinuxProc.isZombie(handle.pid()));
    }

    static boolean eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static long sessionId(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private static Set<Long> pids(List<ProcessHandle> handles) {
        return handles.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
