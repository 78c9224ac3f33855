package ccgateway.threads.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Runs tasks one after another per key (a chat), different keys in parallel, on {@link Workers}.
 * No thread is held by an idle key, and no memory either: a lane whose last task is done is
 * removed, so a hundred thousand chats heard from once leave nothing behind. Every change of a
 * lane happens inside the map's {@code compute} for its key, which makes "add a task" and "the
 * lane is empty, remove it" exclusive: a task never lands in a lane that was just removed.
 */
public final class SerialLanes<K> {

    private final Workers workers;
    private final ConcurrentMap<K, Lane> lanes = new ConcurrentHashMap<>();

    public SerialLanes(Workers workers) {
        this.workers = workers;
    }

    public void submit(K key, Runnable task) {
        boolean[] created = new boolean[1];
        Lane lane = lanes.compute(key, (k, existing) -> {
            Lane current = existing != null ? existing : new Lane(k);
            current.tasks.addLast(task);
            created[0] = existing == null;
            return current;
        });
        if (created[0]) {
            workers.run(lane::drain);
        }
    }

    /** Lanes that have work queued or running: for tests and benchmarks of the bound. */
    public int size() {
        return lanes.size();
    }

    /** A key's queue; its head is the task running now, taken off only once it has run. */
    private final class Lane {
        private final K key;
        /** Touched only inside {@code lanes.compute} for {@link #key}. */
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        Lane(K key) {
            this.key = key;
        }

        private void drain() {
            Runnable next = head(false);
            while (next != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    System.getLogger(SerialLanes.class.getName()).log(System.Logger.Level.ERROR, "Task failed", e);
                }
                next = head(true);
            }
        }

        /** The task to run next (after removing the one that ran); null when none is left, and the lane is gone. */
        private Runnable head(boolean ran) {
            Runnable[] next = new Runnable[1];
            lanes.computeIfPresent(key, (k, lane) -> {
                if (ran) {
                    lane.tasks.pollFirst();
                }
                next[0] = lane.tasks.peekFirst();
                return next[0] == null ? null : lane;
            });
            return next[0];
        }
    }
}
