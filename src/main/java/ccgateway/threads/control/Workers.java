package ccgateway.threads.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs short tasks at once on container threads, and later ones after a delay: the delay is kept
 * by one scheduler thread, the work itself always runs on the elastic pool so that a slow task
 * never holds up the scheduler.
 * <p>
 * Both are built from the container's {@code ManagedThreadFactory}, which captures the container's
 * context once per thread. The container's {@code ManagedScheduledExecutorService} captures it again
 * for every task it schedules, and in Payara that capture is a {@code ServiceLoader} lookup across
 * the application's jars: measured, half of the webhook's own CPU time went into the one task each
 * update schedules (docs/DESIGN.md, "Measured on Payara Micro"). The idle timers, a few per turn,
 * are the container's ({@code IdleTimers}); the per-update and per-message ones are here.
 */
@ApplicationScoped
public class Workers {

    private static final System.Logger LOG = System.getLogger(Workers.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    private ExecutorService pool;
    private ScheduledThreadPoolExecutor scheduler;
    /** What {@link #later} answers once the scheduler is shut down: a timer cancelled before it ran. */
    private ScheduledFuture<?> refused;

    @PostConstruct
    void init() {
        pool = Executors.newCachedThreadPool(threadFactory);
        scheduler = new ScheduledThreadPoolExecutor(1, threadFactory);
        // timers are re-armed at every turn: a cancelled one must not stay queued until it falls due
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        refused = scheduler.schedule(() -> { }, 1, TimeUnit.DAYS);
        refused.cancel(false);
    }

    public void run(Runnable task) {
        try {
            pool.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Task refused during shutdown: {0}", task);
        }
    }

    /** @return the timer, to cancel; a task asked for once the gateway is stopping never runs */
    public ScheduledFuture<?> later(Duration delay, Runnable task) {
        try {
            return scheduler.schedule(() -> run(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Timer refused during shutdown: {0}", task);
            return refused;
        }
    }

    /** Starts a dedicated container thread, for work that blocks for its whole life (reading a pipe). */
    public Thread dedicated(String name, Runnable task) {
        Thread thread = threadFactory.newThread(guarded(task));
        thread.setName(name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "Task failed: " + task, e);
            }
        };
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
