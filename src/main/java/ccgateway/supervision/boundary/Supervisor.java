package ccgateway.supervision.boundary;

import ccgateway.idling.control.IdleTimers;
import ccgateway.inbox.control.Redelivery;
import ccgateway.sessions.control.Personas;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.storage.control.DataDir;
import ccgateway.supervision.control.Children;
import ccgateway.supervision.control.ProcessTree;
import ccgateway.supervision.control.SupervisorStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one owner of the gateway's child processes (SPEC §2, §6): reaps what a crashed gateway left
 * behind before any update is served, and ends every child, in parallel, when the gateway stops.
 * Between the two, each session's turns run on its own lane in the conversation feature, which
 * starts and ends processes through {@link Children}; nothing here holds a lock across a process
 * start or stop.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Supervisor {

    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());
    static final Duration REAP_GRACE = Duration.ofSeconds(2);

    @Inject
    Sessions sessions;

    @Inject
    Personas personas;

    @Inject
    DataDir dataDir;

    @Inject
    Children children;

    @Inject
    IdleTimers idleTimers;

    @Inject
    SupervisorStatus status;

    @Inject
    Redelivery redelivery;

    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    /**
     * On SIGTERM the JVM runs its shutdown hooks side by side. Payara's own shutdown takes about
     * 0.8 s, and the web module's listener calls {@link #shutdown()} only somewhere inside it; a hook
     * of our own starts the children's grace period at once, alongside the server's shutdown.
     */
    private Thread stopHook;

    @PostConstruct
    void start() {
        // the database first: a second gateway on this data dir fails here, on H2's file lock,
        // before it could take the first one's children for orphans
        redelivery.openInbox();
        personas.ensureDefault();
        long begin = System.nanoTime();
        int loaded = sessions.load().sessions().size();
        long reapBegin = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "Loaded {0} sessions in {1} ms", String.valueOf(loaded), millisSince(begin));
        int reaped = reapOrphans();
        // the duration is what docs/BENCHMARKS.md measures start-up with orphans by
        LOG.log(System.Logger.Level.INFO, "Cleaned up {0} orphaned subprocesses in {1} ms", reaped, millisSince(reapBegin));
        // what the previous run accepted and did not finish goes first, before any new update (SPEC §12)
        redelivery.run();
        status.started();
        stopHook = new Thread(children.ender(), "ccgateway-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
    }

    private static String millisSince(long nanos) {
        return String.valueOf((System.nanoTime() - nanos) / 1_000_000);
    }

    /** SPEC §6.6: every recorded pid checked, every process with our marker ended, all sessions suspended. */
    private int reapOrphans() {
        Map<Long, String> recorded = new HashMap<>();
        sessions.all().stream().filter(s -> s.pid() != null).forEach(s -> recorded.put(s.pid(), s.pidStartTime()));
        int reaped = ProcessTree.reapAll(recorded, ProcessTree.Marker.anySession(dataDir.root().toString()), REAP_GRACE);
        sessions.all().stream()
                .filter(s -> s.pid() != null || s.status() != ccgateway.sessions.entity.SessionStatus.SUSPENDED)
                .forEach(s -> sessions.update(s.name(), Session::suspended));
        return reaped;
    }

    /** Timers cancelled, every child ended at once (one grace period in total), sessions suspended. Idempotent. */
    public void shutdown() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        forgetStopHook();
        status.stopped();
        idleTimers.cancelAll();
        children.endAll(name -> sessions.update(name, Session::suspended));
        try {
            sessions.flushActivity();
        } catch (RuntimeException e) {
            // the container may be stopping under us: what is lost is activity the next turn repeats
            LOG.log(System.Logger.Level.WARNING, "Activity of sessions not written at shutdown: {0}", e.toString());
        }
    }

    /** An undeploy without the JVM ending must not leave the hook (and this application) behind. */
    private void forgetStopHook() {
        if (stopHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // the JVM is already stopping and runs the hook too: Children lets only one of the two end them
        }
    }

    @PreDestroy
    void destroy() {
        shutdown();
    }
}
