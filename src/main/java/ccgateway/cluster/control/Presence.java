package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import ccgateway.cluster.entity.SessionHome;
import ccgateway.commands.control.Owners;
import ccgateway.sessions.control.Sessions;
import ccgateway.supervision.control.Children;
import ccgateway.telegram.entity.Connected;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * This node as the others see it (SPEC §13): at start its sessions are recorded as living here,
 * then every {@link #EVERY} it publishes its free memory, its live {@code claude} count and its
 * address, for placement. A single gateway publishes nothing.
 */
@ApplicationScoped
public class Presence {

    private static final System.Logger LOG = System.getLogger(Presence.class.getName());
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    @Inject
    ClusterNode cluster;

    @Inject
    SessionHomes homes;

    @Inject
    Sessions sessions;

    @Inject
    Owners owners;

    @Inject
    Children children;

    @Inject
    Workers workers;

    private volatile boolean stopped;

    void on(@Observes Connected connected) {
        if (!cluster.clustered()) {
            return;
        }
        String node = cluster.nodeName();
        List<SessionHome> local = sessions.all().stream()
                .map(s -> new SessionHome(s.name(), node, owners.ownerOf(s), s.persona())).collect(Collectors.toList());
        try {
            List<String> elsewhere = homes.register(node, local);
            if (!elsewhere.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "Node {0}: sessions of the same name live on other nodes, and those are the ones served: {1}",
                        node, String.join(", ", elsewhere));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Node {0}: its sessions could not be recorded in the database: {1}", node, e.toString());
        }
        publish();
    }

    private void publish() {
        if (stopped) {
            return;
        }
        try {
            cluster.publish(new NodeLoad(cluster.nodeName(), cluster.url(), freeMemory(), children.liveCount(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Load not published: {0}", e.toString());
        }
        try {
            workers.later(EVERY, this::publish);
        } catch (RuntimeException stopping) {
            LOG.log(System.Logger.Level.DEBUG, "Load no longer published: {0}", stopping.toString());
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    /** What the machine can still give to new processes: MemAvailable, else the free physical memory. */
    static long freeMemory() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} not readable: {1}", MEMINFO, e.toString());
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getFreeMemorySize();
    }
}
