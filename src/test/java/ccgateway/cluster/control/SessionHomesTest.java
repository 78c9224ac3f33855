package ccgateway.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.cluster.entity.SessionHome;
import ccgateway.storage.control.DataDir;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.StateDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes of a cluster on one PostgreSQL (SPEC §13): a session's name is claimed once, by one node. */
@ExtendWith(PostgresAvailable.class)
class SessionHomesTest {

    @TempDir
    Path first;

    @TempDir
    Path second;

    final StateDatabase database = StateDatabase.postgres("session_homes");
    SessionHomes n1;
    SessionHomes n2;

    @BeforeEach
    void open() {
        n1 = new SessionHomes();
        n1.database = database.open(DataDir.at(first));
        n2 = new SessionHomes();
        n2.database = database.open(DataDir.at(second));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aNameIsClaimedByOneNodeOnly() {
        assertTrue(n1.claim("api", "n1", 1001, "default"));
        assertFalse(n2.claim("api", "n2", 1002, "reviewer"), "another node made the same session");
        SessionHome home = n2.find("api").orElseThrow();
        assertEquals(List.of("n1", "1001", "default"), List.of(home.node(), String.valueOf(home.ownerId()), home.persona()));
    }

    @Test
    void onlyTheNodeThatHoldsANameReleasesIt() {
        n1.claim("api", "n1", 1001, "default");
        n2.release("api", "n2");
        assertTrue(n1.find("api").isPresent(), "a node released another node's session");
        n1.release("api", "n1");
        assertEquals(Optional.empty(), n2.find("api"));
        assertTrue(n2.claim("api", "n2", 1001, "default"), "an archived name stays taken");
    }

    @Test
    void eachPersonSeesTheirSessionsOfEveryNodeAndPlacementTheCountPerNode() {
        n1.claim("a", "n1", 1001, "default");
        n2.claim("b", "n2", 1001, "default");
        n2.claim("c", "n2", 1002, "default");
        assertEquals(List.of("a", "b"), n1.of(1001).stream().map(SessionHome::name).collect(Collectors.toList()));
        assertEquals(Map.of("n1", 1L, "n2", 2L), n1.countByNode());
    }

    /** A node joining with sessions made before: recorded as its own, unless another node holds the name. */
    @Test
    void aNodesSessionsOnDiskAreRecordedAtItsStartAndANameHeldElsewhereIsReported() {
        n1.claim("shared-name", "n1", 1001, "default");
        List<String> elsewhere = n2.register("n2", List.of(new SessionHome("old", "n2", 1001, "default"),
                new SessionHome("shared-name", "n2", 1001, "default")));
        assertEquals(List.of("shared-name (node n1)"), elsewhere);
        assertEquals("n2", n1.find("old").orElseThrow().node());
        assertEquals("n1", n1.find("shared-name").orElseThrow().node());
        assertEquals(List.of(), n2.register("n2", List.of(new SessionHome("old", "n2", 1001, "default"))), "registering again is harmless");
    }
}
