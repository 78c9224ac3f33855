package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the node for a new session (SPEC §13): the most free memory, counted in steps of
 * {@link #MEMORY_STEP} (less than one {@code claude} process apart is alike: nodes on one machine
 * report the same memory give or take a few pages), then fewer live sessions, then fewer sessions
 * living there at all, then the name (stable).
 */
public final class Placement {

    /** About the size of one idle {@code claude} process. */
    static final long MEMORY_STEP = 256L * 1024 * 1024;

    private Placement() {
    }

    public static Optional<String> choose(Collection<NodeLoad> upLoads) {
        return choose(upLoads, Map.of());
    }

    /** @param homed how many sessions live on each node (a node missing from it has none) */
    public static Optional<String> choose(Collection<NodeLoad> upLoads, Map<String, Long> homed) {
        Comparator<NodeLoad> best = Comparator
                .comparingLong((NodeLoad l) -> l.freeMemoryBytes() / MEMORY_STEP).reversed()
                .thenComparingInt(NodeLoad::liveSessions)
                .thenComparingLong(l -> homed.getOrDefault(l.node(), 0L))
                .thenComparing(NodeLoad::node);
        return upLoads.stream().min(best).map(NodeLoad::node);
    }
}
