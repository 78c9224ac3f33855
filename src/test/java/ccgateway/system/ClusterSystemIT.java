package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.ClusterNodes;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.PostgresServer;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    final StubLog claude = system.claude();
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

    /** Posts a text to one node's webhook, as Telegram's load balancer would. */
    void post(GatewayProcess node, String text) {
        assertEquals(200, node.webhook().post(Updates.text(updates.nextId(), USER, CHAT, text)), text + " refused by " + node.url());
    }

    /** Posts a text to one node and waits for one more answer containing {@code fragment} than there was. */
    String say(GatewayProcess node, String text, String fragment) {
        long before = answersWith(fragment).size();
        post(node, text);
        Await.until(() -> answersWith(fragment).size() > before, WAIT, () -> "no answer with '" + fragment + "' to " + text + ": " + telegram.messages(CHAT));
        return answersWith(fragment).get((int) before);
    }

    List<String> answersWith(String fragment) {
        return telegram.messages(CHAT).stream().filter(m -> m.contains(fragment)).collect(Collectors.toList());
    }

    Path sessionDir(String node, String session) {
        return cluster.dataDir(node).resolve("sessions").resolve(session);
    }

    /**
     * Webhook mode, three members, updates posted round-robin over them: each new session goes to
     * the node with the most room (here: alike in memory, so the one with fewer sessions), every
     * message reaches its session's node and is answered from there once, in order. A session's
     * node killed: its session reports it down and the others keep working; back, the session
     * resumes its history. A node stopped leaves none of its processes and ends no other node's.
     */
    @Test
    void sessionsLiveOnTheirNodesAndAnswerFromThereWhicheverNodeTelegramPosts() throws IOException {
        cluster.webhook();
        GatewayProcess n1 = cluster.node("n1").start();
        GatewayProcess n2 = cluster.node("n2").start();
        GatewayProcess n3 = cluster.node("n3").start();
        List<GatewayProcess> nodes = List.of(n1, n2, n3);
        Await.until(() -> ready(n1).contains("\"placing\":\"n1, n2, n3\""), WAIT, () -> "not every node can take sessions: " + ready(n1));

        String forged = Updates.text(updates.nextId(), USER, CHAT, "/new forged");
        assertEquals(401, Webhook.postTo(n2.url() + "/cluster/handle", "X-Ccgateway-Cluster-Secret", "guess", forged), "a wrong cluster secret");
        assertEquals(401, Webhook.postTo(n2.url() + "/cluster/accept", "X-Ccgateway-Cluster-Secret", null, forged), "no cluster secret");

        say(n2, "/new alpha", "Created session 'alpha'");
        say(n3, "/new beta", "Created session 'beta'");
        say(n1, "/new gamma", "Created session 'gamma'");
        assertTrue(List.of("n1", "n2", "n3").stream().noneMatch(n -> Files.exists(cluster.dataDir(n).resolve("sessions/forged"))),
                "a forged cluster request created a session");
        assertTrue(Files.isDirectory(sessionDir("n1", "alpha")) && Files.isDirectory(sessionDir("n2", "beta"))
                && Files.isDirectory(sessionDir("n3", "gamma")), "the sessions were not spread one per node");

        // posted without waiting, round-robin: the leader orders them, gamma's node hands them to claude
        for (int i = 0; i < 6; i++) {
            post(nodes.get(i % 3), "gamma-msg-" + i);
        }
        Await.until(() -> String.join("\n", claude.stdin("gamma")).contains("gamma-msg-5"), WAIT, () -> "gamma read: " + claude.stdin("gamma"));
        String read = String.join("\n", claude.stdin("gamma"));
        for (int i = 0; i < 6; i++) {
            String msg = "gamma-msg-" + i;
            assertEquals(read.indexOf(msg), read.lastIndexOf(msg), msg + " reached claude twice: " + read);
            assertTrue(i == 0 || read.indexOf(msg) > read.indexOf("gamma-msg-" + (i - 1)), msg + " out of order: " + read);
        }
        Await.until(() -> answersWith("gamma-msg-5").size() == 1, WAIT, () -> telegram.messages(CHAT).toString());
        assertTrue(Path.of(claude.awaitLaunch("gamma", 1, WAIT).cwd()).startsWith(cluster.dataDir("n3")), "gamma's claude ran elsewhere than on n3");

        say(n3, "/switch alpha", "Switched to session 'alpha'");
        say(n2, "a0", "echo: a0");
        say(n2, "/switch beta", "Switched to session 'beta'");
        say(n1, "b0", "echo: b0");
        assertTrue(Path.of(claude.awaitLaunch("beta", 1, WAIT).cwd()).startsWith(cluster.dataDir("n2")), "beta's claude ran elsewhere than on n2");
        String listed = say(n3, "/sessions", "node n2");
        assertTrue(listed.contains("→ 🟢 beta (default) - just now - node n2") && listed.contains("🟢 alpha (default) - just now - node n1")
                && listed.contains("🟢 gamma (default) - just now - node n3"), listed);
        String history = Files.readString(sessionDir("n2", "beta").resolve(".ccgateway/session.json"));

        n2.kill();
        Await.until(() -> ready(n1).contains("2 members: n1 (leader), n3"), WAIT, () -> ready(n1));
        say(n3, "b1", "Session 'beta' lives on node n2, which is down. It comes back with that node.");
        assertTrue(say(n1, "/sessions", "⛔ beta").contains("⛔ beta - node n2 is down"), telegram.messages(CHAT).toString());
        say(n1, "/switch gamma", "Switched to session 'gamma'");
        say(n3, "g6", "echo: g6");

        n2.start();
        Await.until(() -> ready(n1).contains("\"placing\":\"n1, n2, n3\""), WAIT, () -> "n2 did not come back: " + ready(n1));
        say(n3, "/switch beta", "Switched to session 'beta'");
        say(n1, "b2", "echo: b2");
        StubLog.Launch resumed = claude.awaitLaunch("beta", 2, WAIT);
        assertTrue(history.contains("\"claudeSessionId\":\"" + resumed.after("--resume") + "\""),
                "beta did not resume its history: " + resumed.argv() + " / " + history);
        assertEquals(1, telegram.messages(CHAT).stream().filter(m -> m.equals("echo: b0")).count(), "b0 answered again after the restart");

        List<Long> alpha = claude.liveProcesses("alpha");
        List<Long> gamma = claude.liveProcesses("gamma");
        assertTrue(!alpha.isEmpty() && !gamma.isEmpty(), "alpha " + alpha + ", gamma " + gamma);
        n3.stop();
        Await.until(() -> claude.liveProcesses("gamma").isEmpty(), WAIT, () -> "n3 left its claude behind: " + claude.liveProcesses("gamma"));
        assertEquals(alpha, claude.liveProcesses("alpha"), "stopping n3 ended another node's claude");
        say(n2, "/switch alpha", "Switched to session 'alpha'");
        say(n2, "a1", "echo: a1");
    }
}
