package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UpdateSequencerTest {

    final AtomicLong now = new AtomicLong(1_000);
    final UpdateSequencer<Long> sequencer = new UpdateSequencer<>(Duration.ofMillis(500), now::get);

    @Test
    void nextExpectedUpdatePassesAtOnce() {
        sequencer.expect(10);
        assertEquals(List.of(10L), sequencer.offer(10, 10L));
        assertEquals(List.of(11L), sequencer.offer(11, 11L));
        assertNull(sequencer.untilNextRelease());
    }

    @Test
    void laterUpdateWaitsForTheGapToFill() {
        sequencer.expect(10);
        assertEquals(List.of(), sequencer.offer(12, 12L));
        assertEquals(List.of(), sequencer.offer(11, 11L));
        assertEquals(List.of(10L, 11L, 12L), sequencer.offer(10, 10L));
    }

    @Test
    void gapThatStaysOpenDelaysButDoesNotBlock() {
        sequencer.expect(10);
        sequencer.offer(12, 12L);
        assertEquals(Duration.ofMillis(500), sequencer.untilNextRelease());
        now.addAndGet(499);
        assertEquals(List.of(), sequencer.release());
        now.addAndGet(1);
        assertEquals(List.of(12L), sequencer.release());
        assertEquals(List.of(13L), sequencer.offer(13, 13L), "the sequence continues after the skipped id");
    }

    @Test
    void firstUpdatesAfterStartAreHeldBrieflySoAConcurrentBurstComesOutInOrder() {
        List<Long> burst = new ArrayList<>();
        for (long id = 100; id < 120; id++) {
            burst.add(id);
        }
        Collections.shuffle(burst, new Random(3));
        List<Long> out = new ArrayList<>();
        for (long id : burst) {
            out.addAll(sequencer.offer(id, id));
        }
        now.addAndGet(500);
        out.addAll(sequencer.release());
        List<Long> sorted = new ArrayList<>(burst);
        Collections.sort(sorted);
        assertEquals(sorted, out);
    }

    @Test
    void lateUpdateBelowTheSequenceIsNotLost() {
        sequencer.expect(10);
        sequencer.offer(10, 10L);
        sequencer.offer(11, 11L);
        assertEquals(List.of(5L), sequencer.offer(5, 5L), "ids restart at random after a week of silence");
    }
}
