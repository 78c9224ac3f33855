package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OnceEveryTest {

    static final long HOUR = Duration.ofHours(1).toMillis();
    final AtomicLong now = new AtomicLong(10 * HOUR + 1);

    @Test
    void secondTimeWithinTheHourIsNotFirst() {
        OnceEvery once = new OnceEvery(Duration.ofHours(1), 100, now::get);
        assertTrue(once.first(7));
        now.addAndGet(HOUR - 2);
        assertFalse(once.first(7), "told 59 minutes ago");
        assertTrue(once.first(8), "another key is its own");
    }

    @Test
    void firstAgainAfterAtLeastAnHourAndAtMostTwo() {
        OnceEvery once = new OnceEvery(Duration.ofHours(1), 100, now::get);
        now.set(10 * HOUR + HOUR - 1); // the last millisecond of a bucket
        assertTrue(once.first(7));
        now.addAndGet(HOUR);
        assertFalse(once.first(7), "an hour less a millisecond is not an hour");
        now.addAndGet(1);
        assertTrue(once.first(7), "just past the hour");
        now.addAndGet(2 * HOUR - 1);
        assertFalse(once.first(7));
        now.addAndGet(1);
        assertTrue(once.first(7), "never more than two hours");
    }

    @Test
    void aFloodOfKeysIsBoundedAndForgotten() {
        OnceEvery once = new OnceEvery(Duration.ofHours(1), 1000, now::get);
        int firsts = 0;
        for (long stranger = 1; stranger <= 100_000; stranger++) {
            firsts += once.first(stranger) ? 1 : 0;
        }
        assertEquals(1000, firsts, "past the capacity nobody is acted on");
        assertEquals(1000, once.remembered());
        now.addAndGet(HOUR);
        assertEquals(1000, once.remembered(), "the previous hour is still remembered");
        now.addAndGet(HOUR);
        assertEquals(0, once.remembered(), "two hours later nothing is left");
    }

    @Test
    void aLongSilenceForgetsEverything() {
        OnceEvery once = new OnceEvery(Duration.ofHours(1), 100, now::get);
        once.first(7);
        now.addAndGet(5 * HOUR);
        assertEquals(0, once.remembered());
        assertTrue(once.first(7));
    }
}
