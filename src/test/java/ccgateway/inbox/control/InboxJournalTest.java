package ccgateway.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead journal of the embedded database: what was acknowledged is read back whole. */
class InboxJournalTest {

    @TempDir
    Path dir;

    InboxJournal open() {
        return new InboxJournal(dir, null, Optional::empty);
    }

    static InboxJournal.Entry entry(long id) {
        return new InboxJournal.Entry(id, 1000 + id, 7L, 42L, "{\"update_id\":" + id + ",\"message\":{\"text\":\"line\\nbreak\"}}");
    }

    static List<Long> ids(List<InboxJournal.Segment> segments) {
        return segments.stream().flatMap(s -> s.entries().stream()).map(InboxJournal.Entry::id).toList();
    }

    @Test
    void entriesComeBackInOrderWithTheirContent() {
        InboxJournal journal = open();
        journal.left();
        journal.append(entry(1));
        journal.append(entry(2));
        journal.close();
        List<InboxJournal.Segment> left = open().left();
        assertEquals(List.of(1L, 2L), ids(left));
        assertEquals(entry(2), left.get(0).entries().get(1), "a newline in a message stays inside its line");
    }

    @Test
    void aLineCutShortIsNoEntryAndTheNextIsNotGluedToIt() throws Exception {
        InboxJournal journal = open();
        journal.left();
        journal.append(entry(1));
        journal.close();
        Path segment = Files.list(dir).findFirst().orElseThrow();
        // the append of update 2 was cut by a full disk or a crash: never acknowledged
        Files.writeString(segment, Files.readString(segment) + "{\"id\":2,\"at\":1002,\"pay");
        assertEquals(List.of(1L), ids(open().left()));

        InboxJournal again = open();
        again.left();
        again.append(entry(3));
        again.close();
        List<InboxJournal.Segment> left = open().left();
        assertEquals(List.of(1L, 3L), ids(left));
        assertEquals(0, left.get(0).unreadable());
    }

    @Test
    void anEntryThatCannotBeWrittenIsRefused() throws Exception {
        InboxJournal journal = new InboxJournal(dir, null, () -> Optional.of("data dir is full"));
        journal.left();
        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> journal.append(entry(1)));
        assertTrue(refused.getMessage().contains("full"), refused.getMessage());
        journal.close();
        assertEquals(List.of(), ids(open().left()));
    }

    @Test
    void aFullSegmentIsFollowedByANewOneAndTheOldOnesGoWhenTheDatabaseHasThem() {
        InboxJournal journal = open();
        journal.left();
        for (long id = 1; id <= InboxJournal.SEGMENT_ENTRIES; id++) {
            journal.append(entry(id));
        }
        long next = journal.rotateIfFull().orElseThrow();
        journal.append(entry(InboxJournal.SEGMENT_ENTRIES + 1));
        assertEquals(InboxJournal.SEGMENT_ENTRIES + 1, ids(open().left()).size());
        journal.deleteBefore(next);
        assertEquals(List.of((long) InboxJournal.SEGMENT_ENTRIES + 1), ids(open().left()));
        journal.close();
    }
}
