package ccgateway.threads.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short tasks at once on container threads, and later ones after a delay: the delay is kept
 * by the container's scheduler, the work itself always runs on the elastic pool so that a slow
 * task never holds up the scheduler's single thread.
 */
@ApplicationScoped
public class Workers {

    private static final System.Logger LOG = System.getLogger(Workers.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ExecutorService pool;

    @PostConstruct
    void init() {
        pool = Executors.newCachedThreadPool(threadFactory);
    }

    public void run(Runnable task) {
        try {
            pool.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Task refused during shutdown: {0}", task);
        }
    }

    public ScheduledFuture<?> later(Duration delay, Runnable task) {
        return scheduler.schedule(() -> run(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
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
