package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §11: without topics, output of a session that is not the chat's active one starts with {@code [name] }. */
class DestinationTest {

    @Test
    void theActiveSessionSpeaksWithoutALabel() {
        assertEquals("", Destination.of(7001, 0, "work", Optional.of("work")).label());
    }

    @Test
    void anotherSessionSpeaksWithItsName() {
        Destination to = Destination.of(7001, 0, "work", Optional.of("play"));
        assertEquals("[work] ", to.label());
        assertEquals(new Destination.Place(7001, 0), to.place());
    }

    @Test
    void withNoActiveSessionEverySessionIsNamed() {
        assertEquals("[work] ", Destination.of(7001, 0, "work", Optional.empty()).label());
    }

    @Test
    void inItsOwnTopicASessionNeedsNoLabel() {
        Destination to = Destination.of(7001, 42, "work", Optional.of("play"));
        assertEquals("", to.label());
        assertEquals(new Destination.Place(7001, 42), to.place());
    }

    @Test
    void aPromptOfAnotherSessionStartsWithItsName() {
        PromptText text = new PromptText("<b>work: Claude asks</b>", "work: Claude asks").labelled("[work] ");
        assertEquals("[work] work: Claude asks", text.plain());
        assertEquals("[work] <b>work: Claude asks</b>", text.html());
    }
}
