package ccgateway.bench;

import java.util.Arrays;
import java.util.List;

/** A sorted sample of durations in nanoseconds, with nearest-rank percentiles. */
final class Latencies {

    private final long[] sorted;

    Latencies(List<Long> nanos) {
        sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    Latencies(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    long[] values() {
        return sorted.clone();
    }

    int count() {
        return sorted.length;
    }

    /** @param p in percent, e.g. 99.9 */
    double millis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return millis(100);
    }

    double p50() {
        return millis(50);
    }

    double p99() {
        return millis(99);
    }

    double p999() {
        return millis(99.9);
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.2f p99=%.2f p99.9=%.2f max=%.2f ms", count(), p50(), p99(), p999(), maxMillis());
    }
}
