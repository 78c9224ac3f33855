package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Chooses the node for a new session: most free memory, then fewer live sessions, then name (stable). */
public final class Placement {

    private static final Comparator<NodeLoad> BEST = Comparator
            .comparingLong(NodeLoad::freeMemoryBytes).reversed()
            .thenComparingInt(NodeLoad::liveSessions)
            .thenComparing(NodeLoad::node);

    private Placement() {
    }

    public static Optional<String> choose(Collection<NodeLoad> upLoads) {
        return upLoads.stream().min(BEST).map(NodeLoad::node);
    }
}
