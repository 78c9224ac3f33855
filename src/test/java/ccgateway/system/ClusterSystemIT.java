package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.ClusterNodes;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
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
    final ClusterNodes cluster = new ClusterNodes(telegram, system.root(),
            PostgresServer.shared().createDatabase("cluster_it_" + System.nanoTime()), system.claude().file());

    @AfterEach
    void stopNodes() {
        cluster.close();
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
        return ClusterNodes.ready(node);
    }

    /**
     * Three members started one after the other: n1 polls. Killed, the next oldest (n2, not n3)
     * takes over within SPEC §13's 15 s, from the offset n1 left. A member stopped with SIGTERM
     * leaves the others polling.
     */
    @Test
    void onlyTheOldestMemberPollsAndTheNextTakesOverWhenItIsKilled() {
        GatewayProcess first = cluster.node("n1").start();
        GatewayProcess second = cluster.node("n2").start();
        GatewayProcess third = cluster.node("n3").start();
        Await.until(() -> ready(third).contains("3 members"), WAIT, () -> "n3 did not join: " + ready(third));
        assertTrue(ready(third).contains("\"node\":\"n3\""), ready(third));
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
        Await.until(() -> ready(third).contains("2 members: n2 (leader), n3"), WAIT, () -> ready(third));

        third.stop();
        List<String> last = queue(2);
        all.addAll(last);
        Await.until(() -> answered().size() >= 10, WAIT, () -> "answered: " + answered());
        assertEquals(all, answered());
        Await.until(() -> ready(second).contains("1 member: n2 (leader)"), WAIT, () -> ready(second));
    }
}
