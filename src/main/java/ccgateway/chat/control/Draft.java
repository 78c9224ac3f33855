package ccgateway.chat.control;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The draft of one private chat (SPEC §11): the text of the assistant message being written,
 * assembled from its deltas, and when to show it. Pure: the caller says what time it is, does
 * what a {@link Step} says and reports back; calls are serialised by the caller.
 * <p>
 * The first update {@link #GRACE} after the message began, then at most one per {@link #INTERVAL}; the latest text wins, one request in flight: an update
 * that comes meanwhile only replaces the text that will go next. A refused update is gone (never
 * sent again); a 429's wait holds the next ones back. Once the complete text of the message has
 * come (the CLI prints it before the block's {@code content_block_stop}), nothing more of it is
 * drafted: the message itself follows, and the next delta begins a new draft with a new id.
 */
final class Draft {

    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * How long a message is written before its first draft: an answer complete by then comes as its
     * message with no draft, which would only flicker, and costs no Telegram call beside the message.
     */
    static final Duration GRACE = Duration.ofMillis(150);
    /** Telegram's limit for a draft's text, as for a message. */
    static final int LIMIT = 4096;

    /** What to do now: send {@code text} as draft {@code draftId}, or call {@link #due} after {@code waitNanos}; or nothing. */
    record Step(String text, int draftId, long waitNanos) {
        static final Step NOTHING = new Step(null, 0, 0);

        boolean sends() {
            return text != null;
        }

        boolean waits() {
            return text == null && waitNanos > 0;
        }
    }

    private final IntSupplier ids;
    private final StringBuilder written = new StringBuilder();
    /** The session whose message this is: another's text, meanwhile, comes as its messages only. */
    private String session;
    private int draftId;
    private long startedAt;
    /** The latest text not sent yet; null when there is nothing new to show. */
    private String unsent;
    private boolean inFlight;
    private boolean timerArmed;
    private long nextAllowed;
    private boolean sentAny;

    /** @param ids new draft ids, never 0 */
    Draft(IntSupplier ids) {
        this.ids = ids;
    }

    /** A piece of the message {@code session} is writing. */
    Step written(String session, String delta, long now) {
        if (this.session == null) {
            this.session = session;
            this.draftId = ids.getAsInt();
            this.startedAt = now;
            written.setLength(0);
        } else if (!this.session.equals(session)) {
            return Step.NOTHING;
        }
        written.append(delta);
        unsent = visible(written);
        return step(now);
    }

    /** The complete text of the session's message came (or its turn ended): no more drafts of it. */
    void complete(String session) {
        if (session.equals(this.session)) {
            this.session = null;
            written.setLength(0);
            written.trimToSize(); // a chat's draft may be kept a while: not with the capacity of a long answer
            unsent = null;
        }
    }

    /** The timer a {@link Step} asked for fired. */
    Step due(long now) {
        timerArmed = false;
        return step(now);
    }

    /** The request finished, taken or refused alike (never sent again); {@code hold}: Telegram's retry_after. */
    Step finished(long now, Duration hold) {
        inFlight = false;
        nextAllowed = Math.max(nextAllowed, now + hold.toNanos());
        return step(now);
    }

    /**
     * Nothing being written, nothing in flight, no timer, and the pacing (or a 429's wait) is over:
     * the chat's draft can be forgotten without the next message's first draft coming too soon.
     */
    boolean idle(long now) {
        return session == null && !inFlight && !timerArmed && (!sentAny || now - nextAllowed >= 0);
    }

    private Step step(long now) {
        if (unsent == null || inFlight) {
            return Step.NOTHING;
        }
        long due = startedAt + GRACE.toNanos();
        if (sentAny && nextAllowed - due > 0) {
            due = nextAllowed;
        }
        if (now - due < 0) {
            if (timerArmed) {
                return Step.NOTHING;
            }
            timerArmed = true;
            return new Step(null, 0, due - now);
        }
        String text = unsent;
        unsent = null;
        inFlight = true;
        sentAny = true;
        nextAllowed = now + INTERVAL.toNanos();
        return new Step(text, draftId, 0);
    }

    /** The end of what was written, within the limit, not cut inside a character; null when blank. */
    static String visible(CharSequence written) {
        if (written.toString().isBlank()) {
            return null;
        }
        int from = Math.max(0, written.length() - LIMIT);
        if (from > 0 && Character.isLowSurrogate(written.charAt(from))) {
            from++;
        }
        return written.subSequence(from, written.length()).toString();
    }
}
