package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveRoomTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theLeastRecentlyActiveIdleSessionMakesRoom() {
        List<LiveRoom.Candidate> live = List.of(
                new LiveRoom.Candidate("recent", true, T0.plusSeconds(60)),
                new LiveRoom.Candidate("oldest-but-busy", false, T0),
                new LiveRoom.Candidate("old", true, T0.plusSeconds(10)));
        assertEquals(Optional.of("old"), LiveRoom.victim(live, "new"));
    }

    @Test
    void noIdleSessionMeansNoRoom() {
        List<LiveRoom.Candidate> live = List.of(new LiveRoom.Candidate("a", false, T0), new LiveRoom.Candidate("b", false, T0));
        assertEquals(Optional.empty(), LiveRoom.victim(live, "new"));
    }

    @Test
    void theSessionThatWantsToStartIsNeverItsOwnVictim() {
        assertEquals(Optional.empty(), LiveRoom.victim(List.of(new LiveRoom.Candidate("me", true, T0)), "me"));
    }

    @Test
    void twoStartsAtOnceCannotBothTakeTheLastPlace() {
        LiveRoom room = new LiveRoom(2);
        assertTrue(room.reserve(1));
        assertFalse(room.reserve(1));
        room.started();
        assertTrue(room.reserve(1));
    }

    @Test
    void aFullRoomReservesNothing() {
        assertFalse(new LiveRoom(2).reserve(2));
    }
}
