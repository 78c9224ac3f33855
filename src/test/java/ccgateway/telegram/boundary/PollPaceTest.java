package ccgateway.telegram.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollPaceTest {

    long now = 5_000_000_000L;
    final PollPace pace = new PollPace(() -> now);

    private Duration poll(Duration took, int updates) {
        pace.started();
        now += took.toNanos();
        return pace.finished(updates);
    }

    @Test
    void anEmptyAnswerThatCameAtOnceWaitsTheRestOfASecond() {
        assertEquals(Duration.ofMillis(1000), poll(Duration.ZERO, 0));
        assertEquals(Duration.ofMillis(700), poll(Duration.ofMillis(300), 0));
    }

    @Test
    void anEmptyAnswerAfterALongPollIsNotDelayed() {
        assertEquals(Duration.ZERO, poll(Duration.ofSeconds(25), 0));
        assertEquals(Duration.ZERO, poll(Duration.ofSeconds(1), 0));
    }

    @Test
    void updatesAreNeverDelayed() {
        assertEquals(Duration.ZERO, poll(Duration.ZERO, 3));
    }

    @Test
    void theEarlyAnswerIsReportedOnce() {
        assertFalse(pace.firstEarlyAnswer(Duration.ZERO));
        assertTrue(pace.firstEarlyAnswer(Duration.ofMillis(900)));
        assertFalse(pace.firstEarlyAnswer(Duration.ofMillis(900)));
    }
}
