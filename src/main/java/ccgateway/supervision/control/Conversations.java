package ccgateway.supervision.control;

import ccgateway.idling.control.IdleTimers;
import ccgateway.sessions.control.Personas;
import ccgateway.sessions.control.SessionStore;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.storage.control.DataDir;
import ccgateway.supervision.entity.SessionOutput;
import ccgateway.supervision.entity.StreamEvent;
import ccgateway.threads.control.SerialLanes;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each session's process and turns. Everything that changes a session's process state runs on the
 * session's own lane, one step at a time: a message, an idle timeout, a turn's end, a crash, a stop.
 * Two steps of one session never overlap (no race can start a second process or lose a message),
 * and a slow step of one session (a process stop waits up to the grace) never delays another.
 */
@ApplicationScoped
public class Conversations {

    private static final System.Logger LOG = System.getLogger(Conversations.class.getName());
    /**
     * The process's own standard output. At shutdown java.util.logging may be torn down, and Payara,
     * which routes System.out into its logging, can finish stopping while the JVM still waits for our
     * hook: a line printed to System.out then was seen to vanish.
     */
    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    @Inject
    @ConfigProperty(name = "gateway.shutdown-grace-seconds", defaultValue = "5")
    int graceSeconds;

    @Inject
    Sessions sessions;

    @Inject
    SessionStore store;

    @Inject
    Personas personas;

    @Inject
    ClaudeCommand claude;

    @Inject
    DataDir dataDir;

    @Inject
    IdleTimers idleTimers;

    @Inject
    Workers workers;

    @Inject
    Event<SessionOutput> output;

    private final Map<String, Conversation> live = new ConcurrentHashMap<>();
    private SerialLanes<String> lanes;
    /** Plain values for the shutdown hook, which must not touch the container's services. */
    private String home;
    /** Set once at shutdown: what was live then; no process is started afterwards. */
    private Map<String, Conversation> atShutdown;
    private final AtomicBoolean endingChildren = new AtomicBoolean();
    private final CompletableFuture<Integer> childrenEnded = new CompletableFuture<>();

    @PostConstruct
    void init() {
        lanes = new SerialLanes<>(workers);
        home = dataDir.root().toString();
    }

    public boolean isLive(String session) {
        Conversation c = live.get(session);
        return c != null && c.process.isAlive();
    }

    public void deliver(String session, long chatId, String text) {
        lanes.submit(session, () -> deliverNow(session, chatId, text));
    }

    public CompletionStage<Void> stop(String session) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lanes.submit(session, () -> {
            try {
                end(session, "stopped");
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    public void rearm(String session) {
        lanes.submit(session, () -> {
            Conversation c = live.get(session);
            sessions.find(session).filter(s -> c != null).ifPresent(s -> armIdle(s, c));
        });
    }

    // ---- steps, each on the session's lane

    private void deliverNow(String name, long chatId, String text) {
        Optional<Instant> lastActive = sessions.find(name).map(Session::lastActive);
        Optional<Session> found = sessions.update(name, s -> s.touched(chatId, Instant.now()));
        if (found.isEmpty()) {
            notice(name, chatId, "Session '" + name + "' no longer exists. Use /sessions to see the others.");
            return;
        }
        Conversation c = live.get(name);
        if (c == null || !c.process.isAlive()) {
            c = launch(found.get(), lastActive.orElse(Instant.now()), chatId);
            if (c == null) {
                return;
            }
        }
        c.chatId = chatId;
        c.lastActivity = Instant.now();
        if (c.busy) {
            c.held.add(text);
        } else {
            write(name, c, text);
        }
        armIdle(found.get(), c);
    }

    private Conversation launch(Session session, Instant idleSince, long chatId) {
        boolean resume = session.hasHistory();
        if (resume) {
            notice(session.name(), chatId, resumingText(idleSince));
        }
        Optional<String> persona = personas.text(session.persona());
        ClaudeLaunch launch = ClaudeLaunch.of(claude.command(), claude.extraArgs(), session, persona.orElse(""),
                store.directory(session.name()), marker(session.name()), resume);
        try {
            Conversation[] self = new Conversation[1];
            ClaudeProcess process = ClaudeProcess.start(launch, session.name(), workers, listener(session.name(), self));
            Conversation c = new Conversation(process, resume, chatId, Instant.now());
            self[0] = c;
            if (!admit(session.name(), c)) {
                // the gateway began to stop while this one started: it must not outlive the gateway
                ProcessTree.terminate(process.handle(), marker(session.name()), Duration.ofSeconds(graceSeconds));
                notice(session.name(), chatId, "The gateway is stopping; this message did not reach Claude. Please send it again once the gateway is back.");
                return null;
            }
            sessions.update(session.name(), s -> s.started(process.pid(), process.startTime(), Instant.now()));
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': claude started, pid {1}{2}", session.name(),
                    String.valueOf(process.pid()), resume ? " (resumed)" : "");
            return c;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Session ''{0}'': cannot start {1}: {2}", session.name(), claude.command(), e.toString());
            notice(session.name(), chatId, "Could not start Claude for session '" + session.name() + "': " + e.getMessage());
            return null;
        }
    }

    static String resumingText(Instant lastActive) {
        long idleMinutes = Duration.between(lastActive, Instant.now()).toMinutes();
        return Duration.between(lastActive, Instant.now()).getSeconds() > 60
                ? "Resuming session (idle for " + idleMinutes + " min)..."
                : "Resuming session...";
    }

    private void write(String name, Conversation c, String text) {
        try {
            c.process.send(text);
            c.busy = true;
            output.fire(new SessionOutput.Working(name, c.chatId));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': claude no longer reads its input: {1}", name, e.toString());
            c.held.addFirst(text);
        }
    }

    private ClaudeProcess.Listener listener(String name, Conversation[] self) {
        return new ClaudeProcess.Listener() {
            @Override
            public void onEvent(StreamEvent event) {
                Conversation c = self[0];
                if (c == null) {
                    return;
                }
                if (event instanceof StreamEvent.AssistantText text && !text.text().isBlank()) {
                    c.answered.set(true);
                    output.fire(new SessionOutput.Text(name, c.chatId, text.text()));
                } else if (event instanceof StreamEvent.ToolUse tool) {
                    c.answered.set(true);
                    output.fire(new SessionOutput.Tool(name, c.chatId, tool.name(), tool.summary()));
                } else if (event instanceof StreamEvent.Init init) {
                    // on the lane, not here: the fsyncs of the write would hold up reading the turn's output
                    lanes.submit(name, () -> {
                        turnStarted(name, c);
                        if (!init.sessionId().isEmpty()) {
                            sessions.update(name, s -> s.withHistory(init.sessionId()));
                        }
                    });
                } else if (event instanceof StreamEvent.Result result) {
                    // the idle timeout counts from the moment Claude finished, not from when the lane got to it
                    Instant finished = Instant.now();
                    // the last words leave now, not after a hop to the lane and the turn's bookkeeping
                    output.fire(new SessionOutput.Answered(name, c.chatId));
                    lanes.submit(name, () -> turnEnded(name, c, result, finished));
                }
            }

            @Override
            public void onExit(int exitCode, List<String> stderrTail) {
                lanes.submit(name, () -> exited(name, self[0], exitCode, stderrTail));
            }
        };
    }

    /**
     * Every turn starts with {@code system/init} — also the turns Claude starts by itself, without a
     * message from the user (Claude Code 2.1.328 does when a background command ends). Such a turn
     * makes the session busy too, so that the idle timer does not cut it short.
     */
    private void turnStarted(String name, Conversation c) {
        if (live.get(name) != c || c.busy) {
            return;
        }
        c.busy = true;
        c.lastActivity = Instant.now();
        output.fire(new SessionOutput.Working(name, c.chatId));
    }

    private void turnEnded(String name, Conversation c, StreamEvent.Result result, Instant finished) {
        if (live.get(name) != c) {
            return;
        }
        if (result.isError() && c.failedToResume()) {
            resumeFailed(name, c, result.failureReason());
            return;
        }
        c.answered.set(true);
        c.busy = false;
        c.lastActivity = finished;
        // the turn's last words first: persisting cost and history costs fsyncs the user must not wait for
        output.fire(new SessionOutput.TurnEnded(name, c.chatId,
                result.isError() ? "Claude reported an error: " + result.failureReason() : null));
        sessions.update(name, s -> {
            Session updated = s.withConversationCost(result.totalCostUsd()).touched(s.chatId(), Instant.now());
            return result.sessionId().isEmpty() ? updated : updated.withHistory(result.sessionId());
        });
        if (!c.held.isEmpty()) {
            write(name, c, c.takeHeld());
        }
        sessions.find(name).ifPresent(s -> armIdle(s, c));
    }

    private void resumeFailed(String name, Conversation c, String reason) {
        LOG.log(System.Logger.Level.WARNING, "Session ''{0}'' could not be resumed: {1}", name, reason);
        terminate(name, c);
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, "Could not resume session '" + name + "': " + reason
                + "\nThe session stays suspended; no new conversation was started in its place."));
    }

    private void exited(String name, Conversation c, int exitCode, List<String> stderrTail) {
        if (c == null || live.get(name) != c) {
            return;
        }
        if (c.failedToResume()) {
            resumeFailed(name, c, "claude exited with code " + exitCode + tail(stderrTail));
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': claude exited unexpectedly with code {1}", name, exitCode);
        terminate(name, c);
        // messages that waited for the crashed turn go to a fresh process, once: only when this one
        // had worked, so that a claude which dies at every start cannot make this a loop
        boolean redeliver = !c.held.isEmpty() && c.answered.get();
        String held = c.held.isEmpty() ? ""
                : redeliver ? "\nThe " + c.held.size() + " message(s) sent meanwhile go to a new Claude process."
                : "\n" + c.held.size() + " message(s) sent meanwhile were not answered.";
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, "Claude stopped unexpectedly (exit code " + exitCode + ")."
                + tail(stderrTail) + held + (redeliver ? "" : "\nYour next message starts it again.")));
        if (redeliver) {
            deliverNow(name, c.chatId, c.takeHeld());
        }
    }

    private void notice(String name, long chatId, String text) {
        output.fire(new SessionOutput.Notice(name, chatId, text));
    }

    private static String tail(List<String> stderrTail) {
        return stderrTail.isEmpty() ? "" : "\n" + String.join("\n", stderrTail);
    }

    private void idleTimeout(String name) {
        Conversation c = live.get(name);
        Optional<Session> session = sessions.find(name);
        if (c == null || session.isEmpty()) {
            idleTimers.cancel(name);
            return;
        }
        Duration idle = Duration.between(c.lastActivity, Instant.now());
        if (c.busy || !c.held.isEmpty() || idle.compareTo(session.get().idleTimeout()) < 0) {
            armIdle(session.get(), c);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Session ''{0}'' suspended after {1} s idle", name, idle.getSeconds());
        terminate(name, c);
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, null));
    }

    private void armIdle(Session session, Conversation c) {
        Duration idle = Duration.between(c.lastActivity, Instant.now());
        Duration remaining = c.busy ? session.idleTimeout() : session.idleTimeout().minus(idle);
        idleTimers.arm(session.name(), remaining.isNegative() ? Duration.ZERO : remaining,
                () -> lanes.submit(session.name(), () -> idleTimeout(session.name())));
    }

    private void end(String name, String why) {
        Conversation c = live.get(name);
        if (c != null) {
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': claude {1}", name, why);
            terminate(name, c);
            output.fire(new SessionOutput.TurnEnded(name, c.chatId, null));
        }
        idleTimers.cancel(name);
    }

    /** SPEC §5 terminate, then the session is suspended: pid cleared, timer removed. */
    private void terminate(String name, Conversation c) {
        live.remove(name, c);
        idleTimers.cancel(name);
        c.process.closeStdin();
        ProcessTree.terminate(c.process.handle(), marker(name), Duration.ofSeconds(graceSeconds));
        sessions.update(name, Session::suspended);
    }

    private ProcessTree.Marker marker(String name) {
        return new ProcessTree.Marker(home, name);
    }

    private synchronized boolean admit(String name, Conversation c) {
        if (atShutdown != null) {
            return false;
        }
        live.put(name, c);
        return true;
    }

    private synchronized Map<String, Conversation> takeAllAtShutdown() {
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
    public Runnable childrenEnder() {
        ProcessTree.prepareToEnd(ProcessTree.Marker.anySession(home));
        return this::endChildren;
    }

    /** Every child at once, one grace period in total; runs once, later callers wait for it. */
    private int endChildren() {
        Map<String, Conversation> all = takeAllAtShutdown();
        if (endingChildren.compareAndSet(false, true)) {
            long start = System.nanoTime();
            try {
                // loops, not lambdas: the application's class loader may be closed by now (ProcessTree.prepareToEnd)
                List<ProcessHandle> roots = new ArrayList<>();
                for (Conversation c : all.values()) {
                    c.process.closeStdin();
                    roots.add(c.process.handle());
                }
                int ended = ProcessTree.terminateAll(roots, ProcessTree.Marker.anySession(home), Duration.ofSeconds(graceSeconds));
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
     * Shutdown from the container (the web module stopping, or an undeploy): the sessions are marked
     * suspended while the container is still up. On SIGTERM the JVM's hook is already ending the
     * children and the JVM waits for it, so the server's own shutdown goes on meanwhile instead of
     * waiting here for the grace period; on an undeploy the children are ended here.
     */
    public void endAll() {
        Map<String, Conversation> all = takeAllAtShutdown();
        if (endingChildren.get()) {
            all.keySet().forEach(this::markSuspended);
            return;
        }
        // the metadata writes (fsyncs, one session after another) overlap the grace period instead of
        // following it; a crash in between is safe: the next start reaps marked processes without a pid
        Runnable markSuspended = () -> all.keySet().forEach(this::markSuspended);
        Thread writer = startOrNull("ccgateway-shutdown-metadata", markSuspended);
        endChildren();
        if (writer == null) {
            markSuspended.run();
        } else {
            try {
                writer.join(Duration.ofSeconds(graceSeconds + 10L).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void markSuspended(String name) {
        try {
            sessions.update(name, Session::suspended);
        } catch (RuntimeException e) {
            // the container may be stopping under us: the next start finds the pid gone and suspends the session
            CONSOLE.println("ccgateway: session '" + name + "' not marked suspended at shutdown: " + e);
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
