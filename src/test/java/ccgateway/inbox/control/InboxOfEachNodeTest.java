package ccgateway.inbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ccgateway.inbox.entity.InboxMessage;
import ccgateway.inbox.entity.InboxState;
import ccgateway.storage.control.DataDir;
import ccgateway.testing.PostgresAvailable;
import ccgateway.testing.StateDatabase;
import ccgateway.testing.Updates;
import com.pengrad.telegrambot.utility.BotUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways of a cluster on one PostgreSQL (SPEC §13), each with a data dir of its own: what a
 * node finds left in the inbox at its start is what it accepted itself, never what another node
 * is still working on (delivered again, it would be answered twice).
 */
@ExtendWith(PostgresAvailable.class)
class InboxOfEachNodeTest {

    @TempDir
    Path first;

    @TempDir
    Path second;

    final StateDatabase database = StateDatabase.postgres("inbox_nodes");

    @AfterEach
    void close() {
        database.close();
    }

    Inbox open(Path data, String node) {
        DataDir dir = DataDir.at(data);
        Inbox inbox = new Inbox();
        inbox.database = database.open(dir);
        inbox.dataDir = dir;
        inbox.node = node;
        inbox.load();
        return inbox;
    }

    static List<Long> received(Inbox inbox) {
        return inbox.left(InboxState.RECEIVED).stream().map(InboxMessage::updateId).collect(Collectors.toList());
    }

    @Test
    void eachNodeFindsOnlyWhatItAcceptedItself() {
        Inbox n1 = open(first, "n1");
        Inbox n2 = open(second, "n2");
        n1.accept(BotUtils.parseUpdate(Updates.text(101, 1001, 4242, "to n1")));
        n2.accept(BotUtils.parseUpdate(Updates.text(102, 1001, 4343, "to n2")));
        assertEquals(List.of(101L), received(n1));
        assertEquals(List.of(102L), received(n2));
        assertEquals(List.of(102L), received(open(second, "n2")), "n2 restarted");
    }

    /** The leader accepted it, the session's node took it: if that node dies with it, that node's next start has it, the leader's not. */
    @Test
    void anUpdateAdoptedByTheSessionsNodeIsThatNodesAtItsNextStart() {
        Inbox leader = open(first, "n1");
        Inbox owner = open(second, "n2");
        leader.accept(BotUtils.parseUpdate(Updates.text(201, 1001, 4242, "for a session of n2")));
        owner.adopt(201);
        assertEquals(List.of(), received(open(first, "n1")), "the leader restarted");
        assertEquals(List.of(201L), received(open(second, "n2")), "the owner restarted");
    }
}
