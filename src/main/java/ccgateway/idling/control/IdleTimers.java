package ccgateway.idling.control;

import jakarta.annotation.Resource;
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
 * A timer only hands a step to the session's lane. Scheduling one costs about 0.7 ms in Payara (the
 * container context is captured per task), a few times per turn and never while the person waits
 * for an answer; the per-update and per-message timers stay on {@code Workers}, which does not
 * capture (docs/DESIGN.md, "Measured on Payara Micro").
 */
@ApplicationScoped
public class IdleTimers {

    private static final System.Logger LOG = System.getLogger(IdleTimers.class.getName());

    @Resource
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
