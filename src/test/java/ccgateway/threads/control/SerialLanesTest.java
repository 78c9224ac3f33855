package ccgateway.threads.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lanes on a real pool: order and exclusion per key, and nothing left of a key once its work is done. */
class SerialLanesTest {

    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final Workers workers = new Workers() {
        @Override
        public void run(Runnable task) {
            pool.execute(task);
        }

        @Override
        public ScheduledFuture<?> later(Duration delay, Runnable task) {
            throw new UnsupportedOperationException();
        }
    };
    final SerialLanes<Long> lanes = new SerialLanes<>(workers);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void eachKeysTasksRunOneAtATimeInOrderAndIdleLanesAreGone() throws Exception {
        int keys = 50;
        int perKey = 400;
        Map<Long, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(keys * perKey);
        for (int i = 0; i < perKey; i++) {
            for (long key = 0; key < keys; key++) {
                int n = i;
                long k = key;
                lanes.submit(k, () -> {
                    if (running.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(k, x -> new ArrayList<>()).add(n);
                    if (n % 97 == 0) {
                        Thread.yield(); // let the lane run dry now and then while others still submit
                    }
                    running.get(k).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get(), "two tasks of one key ran at once");
        for (long key = 0; key < keys; key++) {
            List<Integer> order = seen.get(key);
            for (int i = 0; i < perKey; i++) {
                assertEquals(i, order.get(i), "key " + key + " out of order");
            }
        }
        awaitNoLanes();
    }

    @Test
    void aHundredThousandKeysHeardFromOnceLeaveNoLane() throws Exception {
        CountDownLatch done = new CountDownLatch(100_000);
        for (long key = 0; key < 100_000; key++) {
            lanes.submit(key, done::countDown);
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        awaitNoLanes();
    }

    private void awaitNoLanes() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lanes.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, lanes.size(), "lanes left behind");
    }
}
