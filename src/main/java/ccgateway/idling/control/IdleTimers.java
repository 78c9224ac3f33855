package ccgateway.idling.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Per-session idle timers on the container's managed scheduled executor: arming one replaces the
 * previous, so each session has at most one {@code ScheduledFuture}.
 * <p>
 * The executor is defined here with a context that propagates only the application's (class loader
 * and naming): a timer only hands a step to the session's lane, which runs on container threads of
 * its own. Payara's capture of the full default context costs a {@code ServiceLoader} scan of the
 * application's jars per scheduled task (docs/DESIGN.md, "Measured on Payara Micro").
 */
@ApplicationScoped
@ContextServiceDefinition(name = IdleTimers.CONTEXT,
        propagated = ContextServiceDefinition.APPLICATION,
        cleared = ContextServiceDefinition.ALL_REMAINING,
        unchanged = {})
@ManagedScheduledExecutorDefinition(name = IdleTimers.EXECUTOR, context = IdleTimers.CONTEXT, maxAsync = 2)
public class IdleTimers {

    static final String CONTEXT = "java:app/concurrent/ccgateway-idle-context";
    static final String EXECUTOR = "java:app/concurrent/ccgateway-idle-timers";
    private static final System.Logger LOG = System.getLogger(IdleTimers.class.getName());

    @Resource(lookup = EXECUTOR)
    ManagedScheduledExecutorService scheduler;

    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    /** (Re)starts the session's timer; {@code onTimeout} must only hand work over (it runs on the timer's thread). */
    public void arm(String session, Duration timeout, Runnable onTimeout) {
        ScheduledFuture<?> next;
        try {
            next = scheduler.schedule(onTimeout, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the container is stopping: the shutdown ends the session's process anyway
            LOG.log(System.Logger.Level.DEBUG, "Idle timer of ''{0}'' refused: {1}", session, e.toString());
            cancel(session);
            return;
        }
        ScheduledFuture<?> previous = timers.put(session, next);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    public void cancel(String session) {
        ScheduledFuture<?> timer = timers.remove(session);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    public void cancelAll() {
        timers.keySet().forEach(this::cancel);
    }

    public boolean isArmed(String session) {
        ScheduledFuture<?> timer = timers.get(session);
        return timer != null && !timer.isDone();
    }
}
