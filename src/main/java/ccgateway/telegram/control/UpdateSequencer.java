package ccgateway.telegram.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Restores {@code update_id} order among updates that arrive out of order (Telegram delivers a
 * webhook over several connections at once). Telegram numbers updates consecutively, so the next
 * expected id is known: it passes at once, a later one waits for the gap to fill, but never longer
 * than the hold time: a gap that stays open (an update lost upstream) delays, it does not block.
 * Not thread-safe: the dispatcher guards it.
 */
final class UpdateSequencer<U> {

    private final Duration hold;
    private final LongSupplier clock;
    private final TreeMap<Long, Held<U>> held = new TreeMap<>();
    private long next;
    private boolean known;

    private record Held<U>(U update, long since) {
    }

    UpdateSequencer(Duration hold, LongSupplier clockMillis) {
        this.hold = hold;
        this.clock = clockMillis;
    }

    /** After a restart, the id following the highest one already accepted is expected. */
    void expect(long nextId) {
        next = nextId;
        known = true;
    }

    /** @return the updates now released, in order (possibly none, possibly several) */
    List<U> offer(long id, U update) {
        held.put(id, new Held<>(update, clock.getAsLong()));
        return release();
    }

    /** Called when the hold time of the oldest waiting update may have passed. */
    List<U> release() {
        List<U> out = new ArrayList<>();
        while (!held.isEmpty()) {
            long first = held.firstKey();
            boolean inSequence = known && first <= next;
            if (!inSequence && !holdExpired()) {
                break;
            }
            out.add(held.pollFirstEntry().getValue().update());
            next = Math.max(next, first + 1);
            known = true;
        }
        return out;
    }

    private boolean holdExpired() {
        long now = clock.getAsLong();
        return held.values().stream().anyMatch(h -> now - h.since() >= hold.toMillis());
    }

    /** How long until {@link #release()} may free something that is now waiting; null if nothing waits. */
    Duration untilNextRelease() {
        if (held.isEmpty()) {
            return null;
        }
        long oldest = held.values().stream().mapToLong(Held::since).min().orElse(0);
        return Duration.ofMillis(Math.max(0, oldest + hold.toMillis() - clock.getAsLong()));
    }
}
