package ccgateway.sessions.control;

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
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The active session per chat in the embedded H2 ({@link ActiveSessionsPostgresTest}: the same on PostgreSQL). */
class ActiveSessionsTest {

    static final long ALICE = 1001;
    static final long BOB = 1002;
    static final long GROUP = -4300;

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    StateDatabase database;
    DataDir dir;

    StateDatabase database() {
        return StateDatabase.embedded();
    }

    @BeforeEach
    void open() {
        database = database();
        dir = DataDir.at(data);
    }

    @AfterEach
    void close() {
        database.close();
    }

    ActiveSessions start() {
        return start(dir);
    }

    ActiveSessions start(DataDir at) {
        ActiveSessions active = new ActiveSessions();
        active.dataDir = at;
        active.database = database.open(at);
        return active;
    }

    ActiveSessions restart() {
        database.stop();
        return start();
    }

    Path state(String name) {
        return data.resolve("state").resolve(name);
    }

    @Test
    void aFirstStartHasNoActiveSession() {
        assertEquals(Map.of(), start().load(Map.of()));
    }

    @Test
    void eachPersonsActiveSessionInAGroupAndInPrivateIsThereAfterARestart() {
        Map<ChatUser, String> active = Map.of(new ChatUser(GROUP, ALICE), "alpha", new ChatUser(GROUP, BOB), "beta",
                new ChatUser(ALICE, ALICE), "alpha");
        start().save(active);
        assertEquals(active, restart().load(Map.of()));
    }

    @Test
    void aSessionNoLongerActiveAnywhereIsGoneAfterTheNextSave() {
        ActiveSessions sessions = start();
        sessions.save(Map.of(new ChatUser(GROUP, ALICE), "alpha", new ChatUser(ALICE, ALICE), "beta"));
        sessions.save(Map.of(new ChatUser(ALICE, ALICE), "beta"));
        assertEquals(Map.of(new ChatUser(ALICE, ALICE), "beta"), restart().load(Map.of()));
    }

    @Test
    void aSwitchSurvivesAKillRightAfterIt() {
        assumeTrue(database.isEmbedded(), "PostgreSQL's commit is durable by itself");
        start().save(Map.of(new ChatUser(ALICE, ALICE), "alpha"));
        DataDir killed = database.copyOnDisk(dir, elsewhere);
        assertEquals(Map.of(new ChatUser(ALICE, ALICE), "alpha"), start(killed).load(Map.of()));
    }

    @Test
    void thePreviousVersionsFileIsImportedOnceAndKeptAsImported() throws IOException {
        String file = "{\"" + GROUP + ":" + BOB + "\":\"beta\",\"" + ALICE + ":" + ALICE + "\":\"alpha\"}";
        Files.writeString(state("active-sessions.json"), file);
        ActiveSessions sessions = start();
        assertEquals(Map.of(new ChatUser(GROUP, BOB), "beta", new ChatUser(ALICE, ALICE), "alpha"), sessions.load(Map.of()));
        assertFalse(Files.exists(state("active-sessions.json")));
        assertEquals(file, Files.readString(state("active-sessions.json.imported")));
        sessions.save(Map.of(new ChatUser(ALICE, ALICE), "gamma"));
        assertEquals(Map.of(new ChatUser(ALICE, ALICE), "gamma"), restart().load(Map.of()), "imported again");
    }

    @Test
    void anOlderDataDirsGroupEntryGoesToTheOwnerOfItsSessionOrWaitsForOne() throws IOException {
        // that version recorded the chat alone
        Files.writeString(state("active-sessions.json"), "{\"" + GROUP + "\":\"beta\",\"-4400\":\"legacy\",\"" + ALICE + "\":\"alpha\"}");
        Map<ChatUser, String> active = start().load(Map.of("beta", BOB, "legacy", 0L));
        assertEquals(Map.of(new ChatUser(GROUP, BOB), "beta", new ChatUser(-4400, 0), "legacy", new ChatUser(ALICE, ALICE), "alpha"), active);
    }

    @Test
    void aFileImportedAgainKeepsWhatTheDatabaseSaysSince() throws IOException {
        start().save(Map.of(new ChatUser(ALICE, ALICE), "newer"));
        database.stop();
        // the previous import could not rename its file
        Files.writeString(state("active-sessions.json"), "{\"" + ALICE + ":" + ALICE + "\":\"older\",\"" + BOB + ":" + BOB + "\":\"beta\"}");
        assertEquals(Map.of(new ChatUser(ALICE, ALICE), "newer", new ChatUser(BOB, BOB), "beta"), start().load(Map.of()));
    }

    @Test
    void anUnreadableFileIsMovedAsideAndItsChatsStartWithoutAnActiveSession() throws IOException {
        Files.writeString(state("active-sessions.json"), "{\"9701:1001\": \"cut sh");
        assertEquals(Map.of(), start().load(Map.of()));
        List<Path> kept;
        try (Stream<Path> files = Files.list(data.resolve("state"))) {
            kept = files.filter(f -> f.getFileName().toString().startsWith("active-sessions.json.corrupt-")).collect(Collectors.toList());
        }
        assertEquals(1, kept.size(), "not moved aside: " + kept);
        assertEquals("{\"9701:1001\": \"cut sh", Files.readString(kept.get(0)));
        assertFalse(Files.exists(state("active-sessions.json")));
        assertTrue(restart().load(Map.of()).isEmpty());
    }
}
