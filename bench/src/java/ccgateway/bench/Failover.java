package ccgateway.bench;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.ClusterNodes;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Figure 11: poller failover in a cluster (SPEC §13). Two members in polling mode on loopback and
 * one PostgreSQL; the leader is killed with kill -9 once it polls; measured from the kill to the
 * next getUpdates the Bot API stub receives (the other member's). A fresh pair for each round.
 */
final class Failover {

    static final Duration TARGET = Duration.ofSeconds(15);

    void figure11(Table table, int rounds) throws Exception {
        List<Long> millis = new ArrayList<>();
        Path root = Files.createTempDirectory("bench-failover-");
        String database = PostgresServer.shared().createDatabase("bench_failover_" + System.nanoTime());
        for (int round = 0; round < rounds; round++) {
            try (BotApiStub telegram = new BotApiStub();
                 ClusterNodes cluster = new ClusterNodes(telegram, root.resolve("round-" + round), database, root.resolve("claude.log"))) {
                GatewayProcess leader = cluster.node("a" + round).start();
                GatewayProcess other = cluster.node("b" + round).start();
                Await.until(() -> ClusterNodes.ready(other).contains("2 members"), Duration.ofSeconds(60), () -> ClusterNodes.ready(other));
                Await.until(() -> !telegram.calls("getUpdates").isEmpty(), Duration.ofSeconds(30), () -> "the leader never polled");
                leader.kill();
                Instant killed = Instant.now();
                Await.until(() -> telegram.calls("getUpdates").stream().anyMatch(c -> c.at().isAfter(killed)), Duration.ofSeconds(90),
                        () -> "no member took over polling");
                Instant next = telegram.calls("getUpdates").stream().map(BotApiStub.Call::at).filter(at -> at.isAfter(killed))
                        .min(Instant::compareTo).orElseThrow();
                millis.add(Duration.between(killed, next).toMillis());
            }
        }
        Collections.sort(millis);
        long median = millis.get(millis.size() / 2);
        long max = millis.get(millis.size() - 1);
        table.row("11 poller failover: kill -9 of the leader → next getUpdates, median / max of " + rounds,
                median + " ms / " + max + " ms", "n/a", "n/a", "≤ " + TARGET.toMillis() + " ms", max <= TARGET.toMillis() ? "yes" : "**no**");
        table.note("Figure 11 rounds (ms, sorted): " + millis);
    }
}
