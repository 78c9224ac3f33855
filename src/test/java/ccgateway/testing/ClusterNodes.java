package ccgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Packaged gateways as members of one Payara Micro cluster on loopback (SPEC §13), each with a
 * data dir of its own, all on one PostgreSQL database and one Bot API stub, in polling mode.
 * Closing ends every member still running (kill -9 of its process and children).
 */
public final class ClusterNodes implements AutoCloseable {

    public static final int MAX_MEMBERS = 3;
    public static final String SECRET = "cluster-s3cret-for-tests";

    private final BotApiStub telegram;
    private final Path root;
    private final String database;
    private final String claudeLog;
    private final String clusterName = "ccgateway-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final int hazelcastPort = freeRange(MAX_MEMBERS);
    private final List<GatewayProcess> started = new ArrayList<>();
    private boolean webhook;

    /** The members created from now on take updates by webhook (posted to any of them) instead of polling. */
    public ClusterNodes webhook() {
        webhook = true;
        return this;
    }

    /** @param claudeLog where the stub claude of every member records what it saw */
    public ClusterNodes(BotApiStub telegram, Path root, String database, Path claudeLog) {
        this.telegram = telegram;
        this.root = root;
        this.database = database;
        this.claudeLog = claudeLog.toString();
    }

    /**
     * A member named {@code name}, not started yet. Hazelcast drops a member 5 s after its last
     * heartbeat (60 s by default); a killed member's closed connections usually tell sooner.
     */
    public GatewayProcess node(String name) {
        PostgresServer server = PostgresServer.shared();
        String members = IntStream.range(0, MAX_MEMBERS).mapToObj(i -> "127.0.0.1:" + (hazelcastPort + i)).collect(Collectors.joining(","));
        GatewayProcess node = new GatewayProcess("cluster-" + name, telegram, dataDir(name));
        if (!webhook) {
            node.env("TELEGRAM_MODE", null).env("TELEGRAM_WEBHOOK_SECRET", null);
        }
        node.env("GATEWAY_NODE_URL", node.url()).env("GATEWAY_CLUSTER_SECRET", SECRET)
                .env("GATEWAY_DATABASE_URL", database).env("GATEWAY_DATABASE_USER", server.user())
                .env("GATEWAY_DATABASE_PASSWORD", server.password())
                .env("STUB_CLAUDE_LOG", claudeLog)
                .command(List.of("-Dpayaramicro.noCluster=false", "-Dhazelcast.max.no.heartbeat.seconds=5",
                                "-Dhazelcast.heartbeat.interval.seconds=1"),
                        List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1", "--clustername", clusterName,
                                "--name", name, "--startport", String.valueOf(hazelcastPort)));
        started.add(node);
        return node;
    }

    /** The member's data dir (the same across its restarts). */
    public Path dataDir(String name) {
        try {
            return Files.createDirectories(root.resolve("data-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The member's readiness answer, status line and body. */
    public static String ready(GatewayProcess node) {
        return Webhook.get(node.url() + "/health/ready");
    }

    @Override
    public void close() {
        started.forEach(GatewayProcess::close);
    }

    /** The first of {@code count} consecutive free ports; a port taken meanwhile is skipped by Hazelcast's auto-increment. */
    static int freeRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0)) {
                base = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (base + count < 65_000 && IntStream.range(1, count).allMatch(i -> isFree(base + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
