package ccgateway.idling.control;

import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/** Per-session timers: arming one replaces the previous, so each session has at most one. */
@ApplicationScoped
public class IdleTimers {

    @Inject
    Workers workers;

    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    /** (Re)starts the session's timer; {@code onTimeout} runs on a worker thread. */
    public void arm(String session, Duration timeout, Runnable onTimeout) {
        ScheduledFuture<?> next = workers.later(timeout, onTimeout);
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
