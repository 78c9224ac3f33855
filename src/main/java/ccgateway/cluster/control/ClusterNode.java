package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This gateway as a member of the cluster, or as the single node it is without one. Clustering is
 * on only when Payara Micro was told so explicitly ({@code -Dpayaramicro.noCluster=false}, which
 * overrides the {@code true} the bundle carries): a Payara Micro started any other way (the
 * README's command, the integration tests' servers) is a single node, leader of itself.
 */
@ApplicationScoped
public class ClusterNode {

    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    static final String NO_CLUSTER = "payaramicro.noCluster";
    /** Our own map: member UUID → node name, so that every member can name every other. */
    static final String NODES = "ccgateway-node-names";
    /** Payara's: member UUID → its attributes, among them the instance name given with --name. */
    static final String PAYARA_INSTANCES = "payara-instance-map";
    static final String PAYARA_INSTANCE_NAME = "GLASSFISH-INSTANCE";

    @Inject
    @ConfigProperty(name = "gateway.node-name")
    Optional<String> configuredName;

    /** How the other nodes reach this one over HTTP, e.g. {@code http://10.0.0.5:8080} (the context root is /). */
    @Inject
    @ConfigProperty(name = "gateway.node-url")
    Optional<String> configuredUrl;

    /** What the nodes show each other on every forwarded request; without one they refuse each other's (fail closed). */
    @Inject
    @ConfigProperty(name = "gateway.cluster-secret")
    Optional<String> configuredSecret;

    @Inject
    Instance<HazelcastInstance> platform;

    private volatile String name;
    private volatile HazelcastInstance hazelcast;

    public boolean clustered() {
        return "false".equals(System.getProperty(NO_CLUSTER));
    }

    /** The node's name: {@code gateway.node-name}, else Payara's instance name (--name), else the host's. */
    public String nodeName() {
        if (name == null) {
            join();
        }
        return name;
    }

    /**
     * What this node writes in the {@code node} column of the rows it owns in a shared database
     * (the inbox, pending requests): its name in a cluster, '' as a single gateway, as in the rows
     * of versions before clustering.
     */
    public String rowOwner() {
        return clustered() ? nodeName() : "";
    }

    /** The oldest member leads (polls Telegram); every member sees the members in the same order. A single node leads itself. */
    public boolean isLeader() {
        return grid().map(g -> new Membership(g).isLeader()).orElse(true);
    }

    /** This node's HTTP address for the others; empty when {@code gateway.node-url} is not set (nothing can be forwarded to it). */
    public String url() {
        return configuredUrl.map(String::strip).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse("");
    }

    public Optional<String> secret() {
        return configuredSecret.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** What every current member published about itself (this one included, once it has). */
    public List<NodeLoad> loads() {
        return grid().map(g -> new Membership(g).loads()).orElse(List.of());
    }

    public void publish(NodeLoad load) {
        grid().ifPresent(g -> new Membership(g).publish(load));
    }

    /** The node's HTTP address, if it is up and published one. */
    public Optional<String> urlOf(String node) {
        return loads().stream().filter(l -> l.node().equals(node)).map(NodeLoad::url).filter(u -> !u.isEmpty()).findFirst();
    }

    /** The leader's HTTP address, when another node leads and published one. */
    public Optional<String> leaderUrl() {
        return grid().flatMap(g -> new Membership(g).leaderLoad()).map(NodeLoad::url).filter(u -> !u.isEmpty());
    }

    /** What this node sees, oldest first: "3 members: n1 (leader), n2, n3". */
    public String describe() {
        Optional<HazelcastInstance> grid = grid();
        if (grid.isEmpty()) {
            return "single node";
        }
        Map<String, String> names = grid.get().<String, String>getMap(NODES);
        List<String> members = grid.get().getCluster().getMembers().stream()
                .map(m -> names.getOrDefault(m.getUuid().toString(), m.getAddress().toString()))
                .collect(Collectors.toList());
        return members.size() + (members.size() == 1 ? " member: " : " members: ") + members.get(0) + " (leader)"
                + members.stream().skip(1).map(n -> ", " + n).collect(Collectors.joining());
    }

    private Optional<HazelcastInstance> grid() {
        if (!clustered()) {
            return Optional.empty();
        }
        if (hazelcast == null) {
            join();
        }
        return Optional.ofNullable(hazelcast);
    }

    /** Looks the platform's Hazelcast up (only when clustered) and publishes this node's name to the others. */
    private synchronized void join() {
        if (name != null) {
            return;
        }
        String chosen = configuredName.map(String::strip).filter(n -> !n.isEmpty()).orElse(null);
        if (clustered() && platform.isResolvable()) {
            HazelcastInstance grid = platform.get();
            String uuid = grid.getCluster().getLocalMember().getUuid().toString();
            if (chosen == null) {
                chosen = payaraInstanceName(grid);
            }
            if (chosen == null) {
                chosen = hostName();
            }
            grid.<String, String>getMap(NODES).put(uuid, chosen);
            hazelcast = grid;
            LOG.log(System.Logger.Level.INFO, "Node {0} (member {1}) is in the cluster: {2}", chosen, uuid, describe());
            if (url().isEmpty() || secret().isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "Node {0}: gateway.node-url and gateway.cluster-secret must both be set in a cluster; "
                        + "until they are, no message reaches this node''s sessions from another node, nor theirs from here", chosen);
            }
        } else if (clustered()) {
            LOG.log(System.Logger.Level.ERROR, "Clustering is on but the platform offers no Hazelcast instance: running as a single node");
        }
        name = chosen == null ? hostName() : chosen;
    }

    @SuppressWarnings("unchecked")
    private static String payaraInstanceName(HazelcastInstance grid) {
        try {
            Object attributes = grid.getMap(PAYARA_INSTANCES).get(grid.getCluster().getLocalMember().getUuid());
            Object named = attributes instanceof Map ? ((Map<Object, Object>) attributes).get(PAYARA_INSTANCE_NAME) : null;
            return named instanceof String && !((String) named).isBlank() ? (String) named : null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Payara''s instance name not readable: {0}", e.toString());
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
