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
}
