package ccgateway.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTest {

    final Session session = Session.create("s", "default", "", 600, 1, Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void costIsTheConversationsRunningTotalNotASumOfTotals() {
        Session afterThreeTurns = session.withConversationCost(0.006).withConversationCost(0.012).withConversationCost(0.018);
        assertEquals(0.018, afterThreeTurns.costUsd(), 1e-12);
    }

    @Test
    void aFailedTurnReportingNoCostTakesNothingAway() {
        assertEquals(0.024, session.withConversationCost(0.024).withConversationCost(0).costUsd(), 1e-12);
    }
}
