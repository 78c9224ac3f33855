package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ccgateway.storage.control.DataDir;
import ccgateway.testing.StateDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polling mode's offset in the embedded H2 ({@link PollingOffsetsPostgresTest}: the same on PostgreSQL). */
class PollingOffsetsTest {

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    StateDatabase database;
    DataDir dir;

    @BeforeEach
    void open() {
        database = database();
    }

    StateDatabase database() {
        return StateDatabase.embedded();
    }

    PollingOffsets start() {
        if (dir == null) {
            dir = DataDir.at(data);
        }
        return start(dir);
    }

    PollingOffsets start(DataDir at) {
        PollingOffsets offsets = new PollingOffsets();
        offsets.dataDir = at;
        offsets.database = database.open(at);
        return offsets;
    }

    PollingOffsets restart() {
        database.stop();
        return start();
    }

    @AfterEach
    void close() {
        database.close();
    }

    Path state(String name) {
        return data.resolve("state").resolve(name);
    }

    List<Path> aside() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("state"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("polling-offset.corrupt-")).collect(Collectors.toList());
        }
    }

    @Test
    void aFirstStartPollsFromTelegramsOldestPendingUpdate() {
        assertEquals(0, start().read());
    }

    @Test
    void theOffsetOfTheLastBatchIsWhereTheNextStartPolls() {
        PollingOffsets offsets = start();
        offsets.write(101);
        offsets.write(105);
        assertEquals(105, restart().read());
    }

    @Test
    void theOffsetSurvivesAKillRightAfterItsWrite() {
        assumeTrue(database.isEmbedded(), "PostgreSQL's commit is durable by itself");
        start().write(4711);
        DataDir killed = database.copyOnDisk(dir, elsewhere);
        assertEquals(4711, start(killed).read());
    }

    @Test
    void thePreviousVersionsOffsetFileIsImportedOnceAndKeptAsImported() throws IOException {
        Files.createDirectories(data.resolve("state"));
        Files.writeString(state("polling-offset"), "77");
        PollingOffsets offsets = start();
        assertEquals(77, offsets.read());
        assertFalse(Files.exists(state("polling-offset")));
        assertEquals("77", Files.readString(state("polling-offset.imported")));
        offsets.write(80);
        assertEquals(80, restart().read(), "imported again");
    }

    @Test
    void anOffsetFileImportedAgainNeverMovesTheOffsetBack() throws IOException {
        start().write(90);
        database.stop();
        // the previous import could not rename its file
        Files.writeString(state("polling-offset"), "77");
        assertEquals(90, start().read());
    }

    @Test
    void anUnreadableOffsetFileIsMovedAsideAndPollingStartsFromTheOldestPendingUpdate() throws IOException {
        Files.createDirectories(data.resolve("state"));
        Files.writeString(state("polling-offset"), "12ab");
        assertEquals(0, start().read());
        List<Path> kept = aside();
        assertEquals(1, kept.size(), "not moved aside: " + kept);
        assertEquals("12ab", Files.readString(kept.get(0)));
        assertFalse(Files.exists(state("polling-offset")));
        assertTrue(aside().equals(kept) && restart().read() == 0, "the kept file was read again");
    }
}
