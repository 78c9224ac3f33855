package ccgateway.idling.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Per-session timers: arming one replaces the previous, so each session has at most one. */
@ApplicationScoped
public class IdleTimers {

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    /** (Re)starts the session's timer; {@code onTimeout} must be quick: it only hands the work over. */
    public void arm(String session, Duration timeout, Runnable onTimeout) {
        ScheduledFuture<?> next = scheduler.schedule(onTimeout, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
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
