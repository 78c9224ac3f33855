package ccgateway.threads.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Runs tasks one after another per key (a chat), different keys in parallel, on {@link Workers}.
 * No thread is held by an idle key.
 */
public final class SerialLanes<K> {

    private final Workers workers;
    private final ConcurrentMap<K, Lane> lanes = new ConcurrentHashMap<>();

    public SerialLanes(Workers workers) {
        this.workers = workers;
    }

    public void submit(K key, Runnable task) {
        lanes.computeIfAbsent(key, k -> new Lane()).add(task);
    }

    private final class Lane {
        private final Deque<Runnable> tasks = new ArrayDeque<>();
        private boolean draining;

        void add(Runnable task) {
            synchronized (this) {
                tasks.addLast(task);
                if (draining) {
                    return;
                }
                draining = true;
            }
            workers.run(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.pollFirst();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    System.getLogger(SerialLanes.class.getName()).log(System.Logger.Level.ERROR, "Task failed", e);
                }
            }
        }
    }
}
