package ccgateway.telegram.control;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Remembers which keys (a stranger, a group) were acted on lately, so that the act happens at most
 * once per window: {@link #first} is true again only after at least one window has passed. Two
 * time buckets of one window each, the older dropped whole: no timer, no per-key timestamp, and
 * never more than {@code capacity} keys per bucket — a flood of 100,000 strangers leaves at most
 * two buckets behind, gone two windows later. Keys past the capacity are not acted on at all.
 */
final class OnceEvery {

    private final long windowMillis;
    private final int capacity;
    private final LongSupplier clock;
    private long bucket;
    private Set<Long> current = new HashSet<>();
    private Set<Long> previous = new HashSet<>();

    OnceEvery(Duration window, int capacity, LongSupplier clockMillis) {
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
        this.clock = clockMillis;
        this.bucket = clockMillis.getAsLong() / windowMillis;
    }

    /** True when {@code key} was not seen in this window or the one before (and there was room to remember it). */
    synchronized boolean first(long key) {
        rotate();
        if (current.contains(key) || previous.contains(key) || current.size() >= capacity) {
            return false;
        }
        current.add(key);
        return true;
    }

    /** How many keys are remembered now: for tests and benchmarks of the bound. */
    synchronized int remembered() {
        rotate();
        return current.size() + previous.size();
    }

    private void rotate() {
        long now = clock.getAsLong() / windowMillis;
        if (now == bucket) {
            return;
        }
        previous = now == bucket + 1 ? current : new HashSet<>();
        current = new HashSet<>();
        bucket = now;
    }
}
