package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Packaged gateways as one Payara Micro cluster on loopback (SPEC §13), sharing one PostgreSQL
 * database and one Bot API: started one after the other, as small JVMs, since the machine has
 * two cores. Each update is an unknown command whose answer quotes it, so the answers show which
 * update they belong to and that none came twice.
 */
@ExtendWith(PostgresAvailable.class)
class ClusterSystemIT {

    static final long USER = 1001;
    static final long CHAT = 7300;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** SPEC §13: another member polls within 15 s of the poller's loss. */
    static final Duration TAKEOVER = Duration.ofSeconds(15);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("cluster");
    final BotApiStub telegram = system.telegram();
    final Updates updates = new Updates(7_300_000);
    final String database = PostgresServer.shared().createDatabase("cluster_it_" + System.nanoTime());
    final String clusterName = "ccgateway-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    final int hazelcastPort = freeRange(3);
    final List<GatewayProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(GatewayProcess::close);
    }

    /** A member in polling mode (no webhook settings), with a data dir of its own and the shared database. */
    GatewayProcess node(String name) {
        try {
            PostgresServer server = PostgresServer.shared();
            String members = IntStream.range(0, 3).mapToObj(i -> "127.0.0.1:" + (hazelcastPort + i)).collect(Collectors.joining(","));
            GatewayProcess node = new GatewayProcess("cluster-" + name, telegram, Files.createDirectories(system.root().resolve("data-" + name)))
                    .env("TELEGRAM_MODE", null).env("TELEGRAM_WEBHOOK_SECRET", null)
                    .env("GATEWAY_DATABASE_URL", database).env("GATEWAY_DATABASE_USER", server.user())
                    .env("GATEWAY_DATABASE_PASSWORD", server.password())
                    .env("STUB_CLAUDE_LOG", system.claude().file().toString())
                    .command(List.of("-Dpayaramicro.noCluster=false", "-Dhazelcast.max.no.heartbeat.seconds=5",
                                    "-Dhazelcast.heartbeat.interval.seconds=1"),
                            List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1", "--clustername", clusterName,
                                    "--name", name, "--startport", String.valueOf(hazelcastPort)));
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> queue(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            long id = updates.nextId();
            telegram.queueUpdate(Updates.text(id, USER, CHAT, "/u" + id));
            return "/u" + id;
        }).collect(Collectors.toList());
    }

    List<String> answered() {
        return telegram.messages(CHAT).stream().map(m -> m.replaceAll("^Unknown command: (/u\\d+)\\..*$", "$1")).collect(Collectors.toList());
    }

    static String ready(GatewayProcess node) {
        return Webhook.get(node.url() + "/health/ready");
    }

    @Test
    void onlyTheOldestMemberPollsAndTheNextTakesOverWhenItIsKilled() {
        GatewayProcess first = node("n1").start();
        GatewayProcess second = node("n2").start();
        Await.until(() -> ready(second).contains("2 members"), WAIT, () -> "n2 did not join: " + ready(second));
        assertTrue(ready(second).contains("\"node\":\"n2\""), ready(second));
        assertTrue(ready(first).contains("\"node\":\"n1\"") && ready(first).contains("n1 (leader)"), ready(first));

        List<String> before = queue(5);
        Await.until(() -> answered().size() >= 5, WAIT, () -> "answered: " + answered());
        assertEquals(before, answered());
        assertEquals(0, telegram.pollsOverlapped(), "two members polled at once");

        first.kill();
        Instant killed = Instant.now();
        Await.until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> c.at().isAfter(killed)), TAKEOVER,
                () -> "no member polled within " + TAKEOVER.getSeconds() + " s of the poller's kill -9; n2: " + ready(second));
        List<String> after = queue(3);
        Await.until(() -> answered().size() >= 8, WAIT, () -> "answered: " + answered());
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(all, answered(), "an update was lost or answered twice");
        Await.until(() -> ready(second).contains("n2 (leader)"), WAIT, () -> ready(second));
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

    static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
