package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pacing of one chat's draft, on a clock of the test's: what Telegram would be asked, and when. */
class DraftTest {

    static final long MS = 1_000_000L;

    /** One chat's draft driven like {@link Drafts} does, with timers and answers under the test's control. */
    static final class Chat {
        final AtomicInteger ids = new AtomicInteger();
        final Draft draft = new Draft(ids::incrementAndGet);
        long now = 1_000 * MS;
        /** When the armed timer fires; -1: none. */
        long timerAt = -1;
        /** The request Telegram has not answered yet; null: none. */
        Draft.Step inFlight;
        final List<Draft.Step> sent = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();

        void write(String delta) {
            follow(draft.written("s", delta, now));
        }

        void follow(Draft.Step step) {
            if (step.sends()) {
                assertNull(inFlight, "a second request while one is in flight");
                inFlight = step;
                sent.add(step);
                sentAt.add(now);
            } else if (step.waits()) {
                assertEquals(-1, timerAt, "a second timer");
                timerAt = now + step.waitNanos();
            }
        }

        /** Telegram answers the request in flight (hold: its retry_after, zero when taken). */
        void answer(Duration hold) {
            inFlight = null;
            follow(draft.finished(now, hold));
        }

        /** Time passes; an armed timer fires when due. */
        void advance(long nanos) {
            long until = now + nanos;
            while (timerAt >= 0 && timerAt <= until) {
                now = timerAt;
                timerAt = -1;
                follow(draft.due(now));
            }
            now = until;
        }

        List<String> texts() {
            return sent.stream().map(Draft.Step::text).toList();
        }
    }

    @Test
    void theFirstDeltaIsShownAfterTheGrace() {
        Chat chat = new Chat();
        chat.write("Hello");
        assertEquals(List.of(), chat.texts());
        chat.advance(Draft.GRACE.toNanos());
        assertEquals(List.of("Hello"), chat.texts());
        assertNotEquals(0, chat.sent.get(0).draftId());
    }

    @Test
    void anAnswerCompleteWithinTheGraceIsNeverDrafted() {
        Chat chat = new Chat();
        chat.write("Hi");
        chat.advance(50 * MS);
        chat.write(" there.");
        chat.draft.complete("s");
        chat.advance(2_000 * MS);
        assertEquals(List.of(), chat.texts());
        assertTrue(chat.draft.idle(chat.now));
    }

    @Test
    void aDeltaEvery50msGivesAtMostTwoUpdatesASecondAndTheLatestTextWins() {
        Chat chat = new Chat();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            all.append(i).append(' ');
            chat.write(i + " ");
            chat.advance(10 * MS);
            if (chat.inFlight != null) {
                chat.answer(Duration.ZERO);
            }
            chat.advance(40 * MS);
        }
        chat.advance(1_000 * MS);
        if (chat.inFlight != null) {
            chat.answer(Duration.ZERO);
        }
        // 3 s of writing: one at once, then one per 0.5 s
        assertTrue(chat.sent.size() <= 8, chat.sent.size() + " updates in 3 s");
        for (int i = 1; i < chat.sentAt.size(); i++) {
            assertTrue(chat.sentAt.get(i) - chat.sentAt.get(i - 1) >= Draft.INTERVAL.toNanos(), "two updates within 0.5 s");
        }
        assertEquals(all.toString(), chat.texts().get(chat.texts().size() - 1), "the last update shows all that was written");
        assertEquals(1, chat.sent.stream().mapToInt(Draft.Step::draftId).distinct().count(), "one message, one draft id");
    }

    @Test
    void whileARequestIsInFlightNothingMoreIsSentAndTheLatestTextGoesNext() {
        Chat chat = new Chat();
        chat.write("a");
        chat.advance(600 * MS);
        chat.write("b");
        chat.write("c");
        chat.advance(900 * MS);
        assertEquals(List.of("a"), chat.texts(), "sent while the first was in flight");
        chat.answer(Duration.ZERO);
        assertEquals(List.of("a", "abc"), chat.texts());
    }

    @Test
    void aRefusedUpdateIsNeverSentAgain() {
        Chat chat = new Chat();
        chat.write("a");
        chat.advance(Draft.GRACE.toNanos());
        chat.answer(Duration.ZERO); // refused: Drafts reports a 500 or an exception just like this
        chat.advance(5_000 * MS);
        assertEquals(List.of("a"), chat.texts());
        chat.write("b");
        assertEquals(List.of("a", "ab"), chat.texts(), "only new text makes a new update");
    }

    @Test
    void a429HoldsBackTheUpdatesForItsRetryAfterAndDropsNone() {
        Chat chat = new Chat();
        chat.write("a");
        chat.advance(Draft.GRACE.toNanos());
        chat.answer(Duration.ofSeconds(3));
        chat.advance(1_000 * MS);
        chat.write("b");
        chat.advance(1_500 * MS);
        assertEquals(List.of("a"), chat.texts(), "an update within the retry_after");
        chat.advance(600 * MS);
        assertEquals(List.of("a", "ab"), chat.texts());
    }

    @Test
    void theCompleteTextEndsTheDraftAndTheNextMessageGetsANewDraftId() {
        Chat chat = new Chat();
        chat.write("first");
        chat.advance(Draft.GRACE.toNanos());
        chat.answer(Duration.ZERO);
        chat.advance(100 * MS);
        chat.write(" message");
        chat.draft.complete("s");
        chat.advance(2_000 * MS);
        assertEquals(List.of("first"), chat.texts(), "a draft after its message was complete");
        assertTrue(chat.draft.idle(chat.now));
        chat.write("second");
        chat.advance(Draft.GRACE.toNanos());
        assertEquals(List.of("first", "second"), chat.texts());
        assertNotEquals(chat.sent.get(0).draftId(), chat.sent.get(1).draftId());
    }

    @Test
    void aDraftIsKeptUntilA429sWaitIsOverAndTheWaitHoldsTheNextMessagesDraft() {
        Chat chat = new Chat();
        chat.write("first");
        chat.advance(Draft.GRACE.toNanos());
        chat.answer(Duration.ofSeconds(3));
        chat.draft.complete("s");
        assertFalse(chat.draft.idle(chat.now), "forgotten with the wait still running");
        chat.advance(500 * MS);
        chat.write("second");
        chat.advance(2_000 * MS);
        assertEquals(List.of("first"), chat.texts(), "the next message's draft within the wait");
        chat.advance(600 * MS);
        assertEquals(List.of("first", "second"), chat.texts());
        chat.answer(Duration.ZERO);
        chat.draft.complete("s");
        chat.advance(Draft.INTERVAL.toNanos());
        assertTrue(chat.draft.idle(chat.now));
    }

    @Test
    void anotherSessionsTextIsNotDraftedWhileOneIsWritten() {
        Chat chat = new Chat();
        chat.write("mine");
        chat.advance(Draft.GRACE.toNanos());
        chat.answer(Duration.ZERO);
        chat.advance(600 * MS);
        chat.follow(chat.draft.written("other", "theirs", chat.now));
        chat.draft.complete("other");
        chat.write(" too");
        assertEquals(List.of("mine", "mine too"), chat.texts());
    }

    @Test
    void aLongTextShowsItsEndWithinTelegramsLimitAndBlankShowsNothing() {
        String text = "x".repeat(5000) + "the end";
        String shown = Draft.visible(text);
        assertEquals(Draft.LIMIT, shown.length());
        assertTrue(shown.endsWith("the end"));
        String emoji = "😀".repeat(3000);
        assertFalse(Character.isLowSurrogate(Draft.visible(emoji).charAt(0)), "cut inside a character");
        assertNull(Draft.visible("  \n "));
        Chat chat = new Chat();
        chat.write("\n\n");
        assertEquals(List.of(), chat.texts());
    }
}
