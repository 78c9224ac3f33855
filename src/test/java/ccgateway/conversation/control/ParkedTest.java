package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParkedTest {

    @Test
    void takingOneSessionsBatchesLeavesTheOthersInOrder() {
        Parked parked = new Parked(20);
        parked.park(new Parked.Target("x", 1), new Letter("x1", Letter.NONE));
        parked.park(new Parked.Target("y", 1), new Letter("y1", Letter.NONE));
        parked.park(new Parked.Target("x", 2), new Letter("x2", Letter.NONE));
        parked.park(new Parked.Target("z", 1), new Letter("z1", Letter.NONE));
        assertEquals(1, parked.oldest("x").orElseThrow().chatId(), "the chat whose message for x waits longest");
        List<Waiting.Batch<Parked.Target>> x = parked.take("x");
        assertEquals(List.of("x1", "x2"), x.stream().map(Waiting.Batch::joined).collect(Collectors.toList()));
        assertFalse(parked.any("x"));
        assertEquals("y", parked.oldest().orElseThrow().session());
        assertTrue(parked.any("z"));
    }

    @Test
    void theBoundCountsOneSessionsMessagesOverAllItsChats() {
        Parked parked = new Parked(2);
        assertTrue(parked.park(new Parked.Target("x", 1), new Letter("x1", Letter.NONE)));
        assertTrue(parked.park(new Parked.Target("y", 1), new Letter("y1", Letter.NONE)));
        assertTrue(parked.park(new Parked.Target("x", 2), new Letter("x2", Letter.NONE)));
        assertFalse(parked.park(new Parked.Target("x", 1), new Letter("x3", Letter.NONE)), "a third message for x is past the bound");
        assertTrue(parked.park(new Parked.Target("y", 2), new Letter("y2", Letter.NONE)), "y has its own bound");
        assertEquals(List.of("x1", "x2"), parked.take("x").stream().map(Waiting.Batch::joined).collect(Collectors.toList()));
    }
}
