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
        held.add(1L, new Letter("a1", Letter.NONE));
        held.add(2L, new Letter("b1", Letter.NONE));
        held.add(1L, new Letter("a2", Letter.NONE));
        assertEquals(List.of("1:a1\n\na2", "2:b1"), turns(held));
    }

    @Test
    void chatsTakeTheirTurnsInTheOrderTheirFirstMessageCame() {
        Waiting<Long> held = new Waiting<>();
        held.add(2L, new Letter("b1", Letter.NONE));
        held.add(1L, new Letter("a1", Letter.NONE));
        held.add(2L, new Letter("b2", Letter.NONE));
        assertEquals(2L, held.next().orElseThrow().key());
        assertEquals(1L, held.next().orElseThrow().key());
        assertTrue(held.isEmpty());
    }

    @Test
    void theBoundCountsMessagesNotChats() {
        Waiting<Long> held = new Waiting<>();
        held.add(1L, new Letter("a1", Letter.NONE));
        held.add(1L, new Letter("a2", Letter.NONE));
        held.add(2L, new Letter("b1", Letter.NONE));
        assertEquals(3, held.size());
        held.next();
        assertEquals(1, held.size());
    }

    @Test
    void aBatchPutBackGoesFirstAndKeepsWhatCameMeanwhileBehindIt() {
        Waiting<Long> held = new Waiting<>();
        held.add(1L, new Letter("a1", Letter.NONE));
        held.add(2L, new Letter("b1", Letter.NONE));
        Waiting.Batch<Long> first = held.next().orElseThrow();
        held.add(1L, new Letter("a2", Letter.NONE));
        held.putBack(first);
        assertEquals(List.of("1:a1\n\na2", "2:b1"), turns(held));
    }
}
