package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WaitingTest {

    private static List<String> turns(Waiting<Long> held) {
        return held.takeAll().stream().map(b -> b.key() + ":" + b.joined()).collect(Collectors.toList());
    }

    @Test
    void messagesOfDifferentChatsAreNeverOneTurn() {
        Waiting<Long> held = new Waiting<>();
        held.add(1L, "a1");
        held.add(2L, "b1");
        held.add(1L, "a2");
        assertEquals(List.of("1:a1\n\na2", "2:b1"), turns(held));
    }

    @Test
    void chatsTakeTheirTurnsInTheOrderTheirFirstMessageCame() {
        Waiting<Long> held = new Waiting<>();
        held.add(2L, "b1");
        held.add(1L, "a1");
        held.add(2L, "b2");
        assertEquals(2L, held.next().orElseThrow().key());
        assertEquals(1L, held.next().orElseThrow().key());
        assertTrue(held.isEmpty());
    }

    @Test
    void theBoundCountsMessagesNotChats() {
        Waiting<Long> held = new Waiting<>();
        held.add(1L, "a1");
        held.add(1L, "a2");
        held.add(2L, "b1");
        assertEquals(3, held.size());
        held.next();
        assertEquals(1, held.size());
    }

    @Test
    void aBatchPutBackGoesFirstAndKeepsWhatCameMeanwhileBehindIt() {
        Waiting<Long> held = new Waiting<>();
        held.add(1L, "a1");
        held.add(2L, "b1");
        Waiting.Batch<Long> first = held.next().orElseThrow();
        held.add(1L, "a2");
        held.putBack(first);
        assertEquals(List.of("1:a1\n\na2", "2:b1"), turns(held));
    }

    @Test
    void takingOneSessionsGroupsLeavesTheOthersInOrder() {
        Waiting<Conversations.Target> parked = new Waiting<>();
        parked.add(new Conversations.Target("x", 1), "x1");
        parked.add(new Conversations.Target("y", 1), "y1");
        parked.add(new Conversations.Target("x", 2), "x2");
        parked.add(new Conversations.Target("z", 1), "z1");
        List<Waiting.Batch<Conversations.Target>> x = parked.take(t -> t.session().equals("x"));
        assertEquals(List.of("x1", "x2"), x.stream().map(Waiting.Batch::joined).collect(Collectors.toList()));
        assertEquals("y", parked.oldestKey().orElseThrow().session());
        assertEquals(2, parked.size());
    }

    @Test
    void countingOneSessionsMessagesSkipsTheOthers() {
        Waiting<Conversations.Target> parked = new Waiting<>();
        parked.add(new Conversations.Target("x", 1), "x1");
        parked.add(new Conversations.Target("y", 1), "y1");
        parked.add(new Conversations.Target("x", 2), "x2");
        assertEquals(2, parked.count(t -> t.session().equals("x")));
    }
}
