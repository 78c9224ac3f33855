package ccgateway.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.cluster.entity.NodeLoad;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void mostFreeMemoryWins() {
        assertEquals(Optional.of("b"), Placement.choose(List.of(load("a", 100, 0), load("b", 200, 9))));
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
    void noNodeUpMeansNoPlace() {
        assertEquals(Optional.empty(), Placement.choose(List.of()));
    }

    private static NodeLoad load(String node, long free, int live) {
        return new NodeLoad(node, "http://" + node, free, live, 0);
    }
}
