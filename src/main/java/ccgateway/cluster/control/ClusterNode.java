package ccgateway.cluster.control;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one class that touches Payara's Hazelcast, and only when the node runs clustered. */
@ApplicationScoped
public class ClusterNode {

    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

    @Inject
    @ConfigProperty(name = "gateway.node-name")
    Optional<String> configuredName;

    @Inject
    Instance<HazelcastInstance> hazelcast;

    private volatile Membership membership;

    /** The bundle bakes payaramicro.noCluster=true; a clustered start overrides it on the command line. */
    public boolean clustered() {
        return !"true".equals(System.getProperty("payaramicro.noCluster"))
                && !"true".equals(System.getProperty("payaramicro.noHazelcast"));
    }

    public Optional<Membership> membership() {
        if (!clustered()) {
            return Optional.empty();
        }
        if (membership == null) {
            membership = new Membership(hazelcast.get());
        }
        return Optional.of(membership);
    }

    public boolean isLeader() {
        return membership().map(Membership::isLeader).orElse(true);
    }

    public String nodeName() {
        return configuredName.filter(n -> !n.isBlank())
                .or(this::payaraInstanceName)
                .orElseGet(ClusterNode::hostName);
    }

    // Payara keeps its --name per member in this map; its layout is internal, hence best effort
    private Optional<String> payaraInstanceName() {
        if (!clustered()) {
            return Optional.empty();
        }
        try {
            HazelcastInstance h = hazelcast.get();
            Object entry = h.getMap("payara-instance-map").get(h.getCluster().getLocalMember().getUuid());
            if (entry instanceof Map<?, ?> m && m.get("GLASSFISH-INSTANCE") instanceof String name) {
                return Optional.of(name);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "No Payara instance name", e);
        }
        return Optional.empty();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
