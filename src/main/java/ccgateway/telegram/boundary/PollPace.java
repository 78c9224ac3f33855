package ccgateway.telegram.boundary;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces out empty polls that come back sooner than asked. Telegram holds an empty getUpdates for
 * the long poll's timeout; a Bot API server that answers at once (telegram-test-api does) would
 * otherwise have the poller ask again in a tight loop, a core's worth of CPU for nothing. Answers
 * with updates are never delayed.
 */
final class PollPace {

    static final Duration MIN_EMPTY_INTERVAL = Duration.ofSeconds(1);

    private final LongSupplier nanoClock;
    private long startedNanos;
    private boolean earlyAnswerSeen;

    PollPace(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void started() {
        startedNanos = nanoClock.getAsLong();
    }

    /** @return how long to wait before the next poll, after one that brought {@code updates} updates */
    Duration finished(int updates) {
        if (updates > 0) {
            return Duration.ZERO;
        }
        Duration took = Duration.ofNanos(nanoClock.getAsLong() - startedNanos);
        return took.compareTo(MIN_EMPTY_INTERVAL) >= 0 ? Duration.ZERO : MIN_EMPTY_INTERVAL.minus(took);
    }

    /** True the first time an empty answer came early: worth one line in the log, not one a second. */
    boolean firstEarlyAnswer(Duration wait) {
        if (wait.isZero() || earlyAnswerSeen) {
            return false;
        }
        earlyAnswerSeen = true;
        return true;
    }
}
