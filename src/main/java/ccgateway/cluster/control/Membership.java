package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Who is in the cluster, who leads, and what each member published; over any HazelcastInstance. */
public class Membership {

    static final String NODES = "ccgateway-nodes";
    private static final System.Logger LOG = System.getLogger(Membership.class.getName());

    private final HazelcastInstance hazelcast;

    public Membership(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The oldest member: the member list has the same order on every member, so all agree. */
    public Member leader() {
        return hazelcast.getCluster().getMembers().iterator().next();
    }

    public boolean isLeader() {
        return leader().localMember();
    }

    public void publish(NodeLoad load) {
        nodes().set(hazelcast.getCluster().getLocalMember().getUuid().toString(), load.toJson());
    }

    /** Loads of current members only; a departed member's entry is dropped so it is never placed on. */
    public List<NodeLoad> loads() {
        Set<String> current = memberIds();
        List<NodeLoad> loads = new ArrayList<>();
        for (Map.Entry<String, String> e : nodes().entrySet()) {
            if (current.contains(e.getKey())) {
                loads.add(NodeLoad.fromJson(e.getValue()));
            } else {
                nodes().remove(e.getKey(), e.getValue());
            }
        }
        return loads;
    }

    /** What the leader published, once it has. */
    public Optional<NodeLoad> leaderLoad() {
        return Optional.ofNullable(nodes().get(leader().getUuid().toString())).map(NodeLoad::fromJson);
    }

    public Set<String> nodeNames() {
        return loads().stream().map(NodeLoad::node).collect(Collectors.toSet());
    }

    public boolean isUp(String nodeName) {
        return nodeNames().contains(nodeName);
    }

    /** Runs {@code hook} whenever a member leaves, e.g. to take over polling. */
    public UUID onMemberLeft(Runnable hook) {
        return hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.log(System.Logger.Level.INFO, "Member {0} left the cluster", event.getMember());
                hook.run();
            }
        });
    }

    private Set<String> memberIds() {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> m.getUuid().toString()).collect(Collectors.toSet());
    }

    private IMap<String, String> nodes() {
        return hazelcast.getMap(NODES);
    }
}
