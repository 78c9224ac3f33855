package ccgateway.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.cluster.entity.NodeLoad;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void mostFreeMemoryWins() {
        long gib = 1024L * 1024 * 1024;
        assertEquals(Optional.of("b"), Placement.choose(List.of(load("a", gib, 0), load("b", 2 * gib, 9)), Map.of("b", 5L)));
    }

    @Test
    void tieGoesToFewerLiveSessions() {
        assertEquals(Optional.of("a"), Placement.choose(List.of(load("b", 100, 3), load("a", 100, 1))));
    }

    @Test
    void fullTieGoesToFirstName() {
        assertEquals(Optional.of("a"), Placement.choose(List.of(load("b", 100, 1), load("a", 100, 1))));
    }

    @Test
    void memoryLessThanOneProcessApartIsAlikeAndFewerLiveSessionsWin() {
        long gib = 1024L * 1024 * 1024;
        assertEquals(Optional.of("a"), Placement.choose(List.of(load("b", 8 * gib + 5_000_000, 2), load("a", 8 * gib, 1))));
    }

    @Test
    void amongAlikeNodesTheOneWithFewerSessionsGetsTheNext() {
        List<NodeLoad> alike = List.of(load("n1", 100, 0), load("n2", 100, 0), load("n3", 100, 0));
        assertEquals(Optional.of("n3"), Placement.choose(alike, Map.of("n1", 1L, "n2", 1L)));
        assertEquals(Optional.of("n1"), Placement.choose(alike, Map.of("n1", 1L, "n2", 1L, "n3", 1L)));
    }

    @Test
    void noNodeUpMeansNoPlace() {
        assertEquals(Optional.empty(), Placement.choose(List.of()));
    }

    private static NodeLoad load(String node, long free, int live) {
        return new NodeLoad(node, "http://" + node, free, live, 0);
    }
}
