package ccgateway.supervision.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finding and ending a child process together with everything it started (SPEC §5, §6.6).
 * <p>
 * Descendants cannot be found through the parent chain alone: Claude's Bash tool starts commands in
 * process groups of their own, and when their parent dies they are reparented to init. So every
 * child carries a {@link Marker} in its environment, which all descendants inherit, and nothing but
 * the root the caller vouches for is killed without that marker — least of all our own JVM.
 */
public final class ProcessTree {

    static final String HOME_VARIABLE = "CCGATEWAY_HOME";
    static final String SESSION_VARIABLE = "CCGATEWAY_SESSION";
    private static final System.Logger LOG = System.getLogger(ProcessTree.class.getName());
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final Set<Long> NO_PID = Set.of();

    private ProcessTree() {
    }

    /** The environment marker of one session's processes; {@code session == null} matches every session of the home. */
    public record Marker(String home, String session) {

        public Marker {
            Objects.requireNonNull(home, "home");
        }

        public static Marker anySession(String home) {
            return new Marker(home, null);
        }

        /** The variables to add to a child's environment. */
        public Map<String, String> env() {
            if (session == null) {
                throw new IllegalStateException("A child process belongs to exactly one session");
            }
            return Map.of(HOME_VARIABLE, home, SESSION_VARIABLE, session);
        }

        /** Whether the process was started with this marker; false when it is gone or unreadable. */
        public boolean matches(long pid) {
            List<String> environ = LinuxProc.environ(pid);
            if (!environ.contains(HOME_VARIABLE + "=" + home)) {
                return false;
            }
            if (session != null) {
                return environ.contains(SESSION_VARIABLE + "=" + session);
            }
            for (String entry : environ) { // a loop, not a lambda: see prepareToEnd
                if (entry.startsWith(SESSION_VARIABLE + "=")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every live process carrying the marker, except this JVM and its ancestors. */
    public static List<ProcessHandle> marked(Marker marker) {
        return MarkerSweep.now(ourselvesAndAncestors()).stream()
                .filter(tagged -> marker.home().equals(tagged.home()) && (marker.session() == null
                        ? tagged.session() != null
                        : marker.session().equals(tagged.session())))
                .map(MarkerSweep.Tagged::handle)
                .filter(ProcessTree::isRunning)
                .collect(Collectors.toList());
    }

    /** The start time to record with a pid (opaque; see {@link LinuxProc#startTime}). */
    public static Optional<String> startTime(long pid) {
        return LinuxProc.startTime(pid);
    }

    /**
     * SIGTERM the root, wait up to {@code grace} for it, then SIGKILL the root and every marked
     * descendant or marked process still alive, and wait (bounded) until they are gone.
     *
     * @return how many processes ended
     */
    public static int terminate(ProcessHandle root, Marker marker, Duration grace) {
        if (ourselvesAndAncestors().contains(root.pid())) {
            throw new IllegalArgumentException("Refusing to terminate the gateway itself: " + root.pid());
        }
        return end(List.of(root), marker, grace, NO_PID);
    }

    /**
     * Startup cleanup of a session whose process may have outlived a gateway crash: the recorded
     * process is ended only if it is alive with the recorded start time and the marker; any other
     * marked process (orphaned tool commands) is ended as well. A recorded pid that now belongs to
     * someone else is left alone.
     *
     * @return how many processes ended
     */
    public static int reap(long pid, String recordedStartTime, Marker marker, Duration grace) {
        Optional<ProcessHandle> recorded = ProcessHandle.of(pid)
                .filter(handle -> recordedStartTime != null && !ourselvesAndAncestors().contains(pid)
                        && LinuxProc.startTime(pid).filter(recordedStartTime::equals).isPresent()
                        && marker.matches(pid) && isRunning(handle));
        if (recorded.isPresent()) {
            return terminate(recorded.get(), marker, grace);
        }
        List<ProcessHandle> orphans = marked(marker).stream().filter(h -> h.pid() != pid).collect(Collectors.toList());
        return orphans.isEmpty() ? 0 : end(orphans, marker, grace, Set.of(pid));
    }

    /**
     * Ends many sessions' processes at once: all get SIGTERM together and share one grace period,
     * so stopping the gateway takes about one grace, not one per session (SPEC §6.7).
     */
    public static int terminateAll(List<ProcessHandle> roots, Marker anySessionOfHome, Duration grace) {
        Set<Long> protectedPids = ourselvesAndAncestors();
        List<ProcessHandle> ours = new ArrayList<>();
        for (ProcessHandle root : roots) {
            if (!protectedPids.contains(root.pid())) {
                ours.add(root);
            }
        }
        return end(ours, anySessionOfHome, grace, NO_PID);
    }

    /**
     * Loads and links, now, everything {@link #terminateAll} needs, signalling nothing. At SIGTERM
     * it runs in a JVM shutdown hook while Payara stops the application and closes its class
     * loader: a class first needed then is not found (seen: {@code NoClassDefFoundError:
     * LinuxProc$Node} in the hook, and ten children left alive). So the walks it makes run once
     * here, read-only, and the code that only runs at the end ({@link #end}) uses loops, not
     * lambdas, whose classes would be spun at first use.
     */
    public static void prepareToEnd(Marker marker) {
        descendants(List.of(ProcessHandle.current())).count();
        running(new LinkedHashSet<>(List.of(ProcessHandle.current())), marker, NO_PID);
        awaitGone(List.of(), Duration.ZERO);
        marker.matches(ProcessHandle.current().pid());
        Objects.requireNonNull(new MarkerSweep.Tagged(ProcessHandle.current(), marker.home(), null).handle());
        pids(List.of(ProcessHandle.current()));
    }

    /**
     * Startup cleanup of every session at once: recorded processes that are provably ours (alive,
     * same start time, marker) and every other process carrying the home's marker end together.
     */
    public static int reapAll(Map<Long, String> recordedStartTimes, Marker anySessionOfHome, Duration grace) {
        Set<Long> protectedPids = ourselvesAndAncestors();
        List<ProcessHandle> roots = recordedStartTimes.entrySet().stream()
                .filter(e -> e.getValue() != null && !protectedPids.contains(e.getKey()))
                .filter(e -> LinuxProc.startTime(e.getKey()).filter(e.getValue()::equals).isPresent())
                .filter(e -> anySessionOfHome.matches(e.getKey()))
                .map(e -> ProcessHandle.of(e.getKey()))
                .flatMap(Optional::stream)
                .filter(ProcessTree::isRunning)
                .collect(Collectors.toCollection(ArrayList::new));
        marked(anySessionOfHome).stream().filter(h -> !roots.contains(h)).forEach(roots::add);
        Set<Long> spared = recordedStartTimes.keySet().stream()
                .filter(pid -> roots.stream().noneMatch(r -> r.pid() == pid))
                .collect(Collectors.toSet());
        return roots.isEmpty() ? 0 : end(roots, anySessionOfHome, grace, spared);
    }

    /** The roots get SIGTERM and {@code grace}; then SIGKILL for whatever of the tree is left. */
    private static int end(List<ProcessHandle> roots, Marker marker, Duration grace, Set<Long> sparedPids) {
        Instant start = Instant.now();
        // before any signal: once a parent dies its children are reparented and no longer descendants
        // loops, not lambdas: this runs in the shutdown hook, after the class loader may be closed
        Set<ProcessHandle> ours = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            if (isRunning(root)) {
                ours.add(root);
            }
        }
        for (Iterator<ProcessHandle> descendants = descendants(roots).iterator(); descendants.hasNext(); ) {
            ProcessHandle descendant = descendants.next();
            if (isRunning(descendant) && carries(descendant, marker)) {
                ours.add(descendant);
            }
        }
        for (ProcessHandle root : roots) {
            root.destroy();
        }
        awaitGone(roots, grace);
        Instant deadline = Instant.now().plus(KILL_WAIT);
        List<ProcessHandle> survivors = running(ours, marker, sparedPids);
        // more than one sweep: something may have been forked while the previous one was killed
        for (int sweep = 0; sweep < 3 && !survivors.isEmpty(); sweep++) {
            ours.addAll(survivors);
            for (ProcessHandle survivor : survivors) {
                survivor.destroyForcibly();
            }
            awaitGone(survivors, Duration.between(Instant.now(), deadline));
            survivors = running(ours, marker, sparedPids);
        }
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle process : ours) {
            if (isRunning(process)) {
                left.add(process);
            }
        }
        if (!left.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Processes still alive after SIGKILL: {0}", pids(left));
        }
        int ended = ours.size() - left.size();
        LOG.log(System.Logger.Level.DEBUG, "Ended {0} processes of {1} in {2} ms", ended, marker,
                Duration.between(start, Instant.now()).toMillis());
        return ended;
    }

    /**
     * The descendants of all roots from ONE walk of /proc ({@code ProcessHandle.descendants()} walks
     * it once per root: fifty sessions ending together made fifty walks). As the JDK does, a child
     * that started before its parent is a reused pid, not a child.
     */
    static Stream<ProcessHandle> descendants(Collection<ProcessHandle> roots) {
        List<LinuxProc.Node> tree = LinuxProc.tree();
        Map<Long, List<LinuxProc.Node>> children = tree.stream().collect(Collectors.groupingBy(LinuxProc.Node::parent));
        Map<Long, Long> startTicks = tree.stream().collect(Collectors.toMap(LinuxProc.Node::pid, LinuxProc.Node::startTicks, (a, b) -> a));
        Deque<Long> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        for (ProcessHandle root : roots) {
            todo.add(root.pid());
            seen.add(root.pid());
        }
        List<Long> found = new ArrayList<>();
        while (!todo.isEmpty()) {
            long parent = todo.poll();
            long parentStart = startTicks.getOrDefault(parent, 0L);
            for (LinuxProc.Node child : children.getOrDefault(parent, List.of())) {
                if (child.startTicks() >= parentStart && seen.add(child.pid())) {
                    found.add(child.pid());
                    todo.add(child.pid());
                }
            }
        }
        return found.stream().map(ProcessHandle::of).flatMap(Optional::stream);
    }

    /** What is still alive of the tree: the roots and marked descendants seen so far, plus any marked process. */
    private static List<ProcessHandle> running(Set<ProcessHandle> ours, Marker marker, Set<Long> sparedPids) {
        return Stream.concat(ours.stream(), marked(marker).stream())
                .filter(h -> !sparedPids.contains(h.pid()) && isRunning(h))
                .distinct()
                .collect(Collectors.toList());
    }

    private static boolean carries(ProcessHandle handle, Marker marker) {
        if (marker.matches(handle.pid())) {
            return true;
        }
        LOG.log(System.Logger.Level.WARNING, "Descendant {0} lacks the marker and is left alone", String.valueOf(handle.pid()));
        return false;
    }

    /** Polls until every process is gone or the deadline passes; an interrupt ends the wait early. */
    private static void awaitGone(Collection<ProcessHandle> processes, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (processes.stream().anyMatch(ProcessTree::isRunning) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isRunning(ProcessHandle handle) {
        return handle.isAlive() && !LinuxProc.isZombie(handle.pid());
    }

    private static Set<Long> ourselvesAndAncestors() {
        Set<Long> pids = new LinkedHashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            pids.add(p.get().pid());
        }
        return pids;
    }

    private static String pids(Collection<ProcessHandle> processes) {
        return processes.stream().map(h -> String.valueOf(h.pid())).collect(Collectors.joining(", "));
    }
}
