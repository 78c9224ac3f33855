package ccgateway.supervision.control;

import ccgateway.storage.control.DataDir;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every live {@code claude} of this gateway, by session: the one place a process is admitted, ended
 * (SPEC §5 terminate), and where all of them are ended at once when the gateway stops. Once the
 * shutdown has taken its snapshot no process is admitted any more, so none can outlive the gateway.
 */
@ApplicationScoped
public class Children {

    /**
     * The process's own standard output. At shutdown java.util.logging may be torn down, and Payara,
     * which routes System.out into its logging, can finish stopping while the JVM still waits for our
     * hook: a line printed to System.out then was seen to vanish.
     */
    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    /** The gateway began to stop while this process started: it was ended at once. */
    public static final class GatewayStopping extends Exception {
        GatewayStopping() {
            super("the gateway is stopping", null, false, false);
        }
    }

    @Inject
    @ConfigProperty(name = "gateway.shutdown-grace-seconds", defaultValue = "5")
    int graceSeconds;

    @Inject
    DataDir dataDir;

    @Inject
    Workers workers;

    private final Map<String, ClaudeProcess> live = new ConcurrentHashMap<>();
    /** Plain values for the shutdown hook, which must not touch the container's services. */
    private String home;
    /** Set once at shutdown: what was live then. */
    private Map<String, ClaudeProcess> atShutdown;
    private final AtomicBoolean endingChildren = new AtomicBoolean();
    private final CompletableFuture<Integer> childrenEnded = new CompletableFuture<>();

    @PostConstruct
    void init() {
        home = dataDir.root().toString();
    }

    /** Starts the session's process, with its stdout read on a container thread of its own. */
    public ClaudeProcess start(String session, ClaudeLaunch launch, ClaudeProcess.Listener listener) throws IOException, GatewayStopping {
        ClaudeProcess process = ClaudeProcess.start(launch, session, workers, listener);
        if (!admit(session, process)) {
            ProcessTree.terminate(process.handle(), marker(session), grace());
            throw new GatewayStopping();
        }
        return process;
    }

    /** SPEC §5 terminate: stdin closed, SIGTERM, the grace, then SIGKILL of whatever of its tree is left. */
    public void end(String session, ClaudeProcess process) {
        live.remove(session, process);
        process.closeStdin();
        ProcessTree.terminate(process.handle(), marker(session), grace());
    }

    /** The gateway is stopping: every process ends now because the gateway ends it, not by itself. */
    public synchronized boolean isStopping() {
        return atShutdown != null;
    }

    public boolean isLive(String session) {
        ClaudeProcess process = live.get(session);
        return process != null && process.isAlive();
    }

    /** How many processes are alive: the bound of SPEC §10 ({@code gateway.max-live-sessions}) counts them. */
    public int liveCount() {
        return (int) live.values().stream().filter(ClaudeProcess::isAlive).count();
    }

    /** Those of the sessions whose process is alive, in one call: /sessions asks about all of them at once. */
    public Set<String> live(Collection<String> sessions) {
        return sessions.stream().filter(this::isLive).collect(Collectors.toSet());
    }

    /** The marker every process of the session and all its descendants carry in their environment. */
    public ProcessTree.Marker marker(String session) {
        return new ProcessTree.Marker(home, session);
    }

    private Duration grace() {
        return Duration.ofSeconds(graceSeconds);
    }

    private synchronized boolean admit(String session, ClaudeProcess process) {
        if (atShutdown != null) {
            return false;
        }
        live.put(session, process);
        return true;
    }

    private synchronized Map<String, ClaudeProcess> takeAllAtShutdown() {
        if (atShutdown == null) {
            atShutdown = Map.copyOf(live);
            live.keySet().removeAll(atShutdown.keySet());
        }
        return atShutdown;
    }

    /**
     * For the JVM's shutdown hook: on SIGTERM the container stops alongside it, so this uses nothing
     * of the container's (no injected proxy, no managed thread). Called on the proxy, it hands out
     * the instance itself.
     */
    public Runnable ender() {
        ProcessTree.prepareToEnd(ProcessTree.Marker.anySession(home));
        return this::endChildren;
    }

    /** Every child at once, one grace period in total; runs once, later callers wait for it. */
    private int endChildren() {
        Map<String, ClaudeProcess> all = takeAllAtShutdown();
        if (endingChildren.compareAndSet(false, true)) {
            long start = System.nanoTime();
            try {
                // loops, not lambdas: the application's class loader may be closed by now (ProcessTree.prepareToEnd)
                List<ProcessHandle> roots = new ArrayList<>();
                for (ClaudeProcess process : all.values()) {
                    process.closeStdin();
                    roots.add(process.handle());
                }
                int ended = ProcessTree.terminateAll(roots, ProcessTree.Marker.anySession(home), grace());
                CONSOLE.println("ccgateway: terminated " + ended + " child processes at shutdown in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms (" + Thread.currentThread().getName() + ")");
                childrenEnded.complete(ended);
            } catch (RuntimeException | Error e) {
                childrenEnded.completeExceptionally(e);
            }
        }
        return childrenEnded.join();
    }

    /**
     * Shutdown from the container (the web module stopping, or an undeploy). {@code forEachEnded}
     * runs for every session that was live, while the container is still up. On SIGTERM the JVM's
     * hook is already ending the children and the JVM waits for it, so the server's own shutdown goes
     * on meanwhile instead of waiting here for the grace period; on an undeploy they are ended here.
     */
    public void endAll(Consumer<String> forEachEnded) {
        Map<String, ClaudeProcess> all = takeAllAtShutdown();
        Runnable each = () -> all.keySet().forEach(session -> guarded(forEachEnded, session));
        if (endingChildren.get()) {
            each.run();
            return;
        }
        // the metadata writes (fsyncs, one session after another) overlap the grace period instead of
        // following it; a crash in between is safe: the next start reaps marked processes without a pid
        Thread writer = startOrNull("ccgateway-shutdown-metadata", each);
        endChildren();
        if (writer == null) {
            each.run();
        } else {
            try {
                writer.join(grace().plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void guarded(Consumer<String> action, String session) {
        try {
            action.accept(session);
        } catch (RuntimeException e) {
            // the container may be stopping under us: the next start finds the pid gone and suspends the session
            CONSOLE.println("ccgateway: session '" + session + "' not marked suspended at shutdown: " + e);
        }
    }

    private Thread startOrNull(String name, Runnable task) {
        try {
            return workers.dedicated(name, task);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
