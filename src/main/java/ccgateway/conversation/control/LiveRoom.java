package ccgateway.conversation.control;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The bound on live processes (SPEC §10, {@code gateway.max-live-sessions}). Starting one more is
 * reserved here first, briefly, never across the start itself: two lanes starting at once cannot
 * both take the last place. When there is none, the least recently active idle session gives its
 * place up (suspended as by its timer, on its own lane).
 */
final class LiveRoom {

    /** What the choice needs to know of a live session. */
    record Candidate(String session, boolean idle, Instant lastActivity) {
    }

    private final int max;
    private int starting;

    LiveRoom(int max) {
        this.max = Math.max(1, max);
    }

    int max() {
        return max;
    }

    /** @return true when one more may start now; {@link #started()} must follow, whatever the start did */
    synchronized boolean reserve(int live) {
        if (live + starting >= max) {
            return false;
        }
        starting++;
        return true;
    }

    synchronized void started() {
        starting--;
    }

    /** The least recently active idle session but {@code except}: the one to suspend for a new one. */
    static Optional<String> victim(Collection<Candidate> live, String except) {
        return live.stream()
                .filter(c -> c.idle() && !c.session().equals(except))
                .min(Comparator.comparing(Candidate::lastActivity).thenComparing(Candidate::session))
                .map(Candidate::session);
    }
}
