package ccgateway.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ccgateway.cluster.entity.NodeLoad;
import ccgateway.testing.Await;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<HazelcastInstance> members = new ArrayList<>();

    @BeforeEach
    void startThree() {
        String cluster = "ccgateway-test-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            // started one after the other, so members.get(0) is the oldest
            members.add(Hazelcast.newHazelcastInstance(config(cluster)));
        }
        Await.until(() -> members.stream().allMatch(m -> m.getCluster().getMembers().size() == 3),
                WAIT, () -> "three members did not meet");
    }

    @AfterEach
    void stopAll() {
        members.forEach(m -> m.getLifecycleService().terminate());
    }

    @Test
    void everyMemberNamesTheFirstStartedAsLeader() {
        for (HazelcastInstance m : members) {
            assertEquals(members.get(0).getCluster().getLocalMember(), new Membership(m).leader());
        }
        assertEquals(List.of(true, false, false), members.stream().map(m -> new Membership(m).isLeader()).toList());
    }

    @Test
    void eachPublishedLoadIsSeenByTheOthers() {
        publishAll();
        for (HazelcastInstance m : members) {
            assertEquals(java.util.Set.of("n0", "n1", "n2"), new Membership(m).nodeNames());
        }
    }

    @Test
    void terminatedLeaderIsReplacedByTheNextOldest() {
        publishAll();
        AtomicInteger left = new AtomicInteger();
        new Membership(members.get(1)).onMemberLeft(left::incrementAndGet);
        var next = members.get(1).getCluster().getLocalMember();
        long start = System.nanoTime();
        members.remove(0).getLifecycleService().terminate();
        Await.until(() -> members.stream().allMatch(m -> new Membership(m).leader().equals(next)),
                WAIT, () -> "the next oldest did not become leader");
        System.out.println("terminated member dropped after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        for (HazelcastInstance m : members) {
            Membership membership = new Membership(m);
            assertFalse(membership.isUp("n0"));
            assertEquals(2, membership.loads().size());
        }
        Await.until(() -> left.get() == 1, WAIT, () -> "the leave hook did not run");
        assertEquals(true, new Membership(members.get(0)).isLeader());
    }

    private void publishAll() {
        for (int i = 0; i < members.size(); i++) {
            new Membership(members.get(i)).publish(new NodeLoad("n" + i, "http://127.0.0.1:" + (8080 + i), 1000, i, 0));
        }
    }

    private static Config config(String cluster) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "3");
        // the defaults wait seconds before and during a join: fine in production, slow for tests
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "60");
        config.getNetworkConfig().setPort(5801).setPortAutoIncrement(true).setPortCount(20);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = 5801; port <= 5803; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return config;
    }
}
