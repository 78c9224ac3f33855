package ccgateway.conversation.control;

import java.util.List;
import java.util.Optional;

/**
 * Messages of sessions without a live process that wait for a place among the live ones (SPEC §10,
 * {@code gateway.max-live-sessions}), by session and chat: each chat's messages stay one batch, and
 * the session that waits longest is the next to get a place. At most {@code max} per session, the
 * same bound as messages held behind a running turn. Safe for the lanes of several sessions at once.
 */
final class Parked {

    /** Where a parked message goes. */
    record Target(String session, long chatId) {
    }

    private final Waiting<Target> waiting = new Waiting<>();
    private final int max;

    Parked(int max) {
        this.max = max;
    }

    /** @return false past the bound, the message not kept */
    synchronized boolean park(Target target, Letter text) {
        if (waiting.count(t -> t.session().equals(target.session())) >= max) {
            return false;
        }
        waiting.add(target, text);
        return true;
    }

    synchronized boolean any(String session) {
        return waiting.any(t -> t.session().equals(session));
    }

    /** The session's batches, oldest first, no longer parked. */
    synchronized List<Waiting.Batch<Target>> take(String session) {
        return waiting.take(t -> t.session().equals(session));
    }

    /** The chat whose message for the session waits longest. */
    synchronized Optional<Target> oldest(String session) {
        return waiting.oldestKeyMatching(t -> t.session().equals(session));
    }

    /** Where the message that waits longest of all goes. */
    synchronized Optional<Target> oldest() {
        return waiting.oldestKey();
    }
}
