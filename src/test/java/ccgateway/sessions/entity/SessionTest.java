package ccgateway.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void metadataSurvivesTheRoundTripThroughJson() {
        Session session = Session.create("work", "default", "sonnet", 600, 42, T0)
                .started(1234, "987654", T0.plusSeconds(5))
                .withHistory("abc-123")
                .withConversationCost(0.25)
                .withConversationCost(0.75);
        Session read = Session.fromJson(json(session.toJson()));
        assertEquals(session, read);
        assertEquals(0.75, read.costUsd(), 1e-9);
        assertEquals(SessionStatus.ACTIVE, read.status());
    }

    @Test
    void suspendingClearsThePidButKeepsTheHistory() {
        Session suspended = Session.create("work", "default", "", 600, 42, T0).started(1234, "1", T0).withHistory("h").suspended();
        assertNull(suspended.pid());
        assertNull(suspended.pidStartTime());
        assertEquals(SessionStatus.SUSPENDED, suspended.status());
        assertTrue(suspended.hasHistory());
        assertTrue(suspended.toJson().contains("\"status\":\"suspended\""));
        assertTrue(suspended.toJson().contains("\"pid\":null"));
    }

    @Test
    void metadataHoldsEverySpecField() {
        JsonObject fields = json(Session.create("w", "p", "m", 60, 7, T0).toJson());
        for (String key : List.of("name", "persona", "model", "status", "pid", "pidStartTime", "idleTimeoutSeconds", "created",
                "lastActive", "claudeSessionId", "chatId", "costUsd")) {
            assertTrue(fields.containsKey(key), key);
        }
        assertEquals("2026-11-23T10:00:00Z", fields.getString("created"));
    }

    @Test
    void anythingElseIsRefusedRatherThanGuessed() {
        for (String bad : List.of("{}", "{\"name\":\"w\"}", "{\"name\":\"w\",\"persona\":\"p\",\"model\":\"\",\"status\":\"weird\"}",
                Session.create("w", "p", "m", 60, 7, T0).toJson().replace("2026-11-23T10:00:00Z", "yesterday"))) {
            assertThrows(RuntimeException.class, () -> Session.fromJson(json(bad)), bad);
        }
    }

    @Test
    void onlyPlainLowercaseNamesAreSessionNames() {
        for (String good : List.of("a", "work", "my-project_2", "0", "a".repeat(32))) {
            assertTrue(SessionName.isValid(good), good);
        }
        for (String bad : List.of("", "..", "../x", "a/b", "-a", "_a", "A", "a b", "a".repeat(33), "é", "a\u0000", "a.b")) {
            assertFalse(SessionName.isValid(bad), bad);
        }
    }

    @Test
    void costIsTheConversationsRunningTotalNotASumOfTotals() {
        Session session = Session.create("s", "default", "", 600, 1, T0);
        Session afterThreeTurns = session.withConversationCost(0.006).withConversationCost(0.012).withConversationCost(0.018);
        assertEquals(0.018, afterThreeTurns.costUsd(), 1e-12);
    }

    @Test
    void aFailedTurnReportingNoCostTakesNothingAway() {
        Session session = Session.create("s", "default", "", 600, 1, T0);
        assertEquals(0.024, session.withConversationCost(0.024).withConversationCost(0).costUsd(), 1e-12);
    }

    @Test
    void activityAloneIsToldApartFromChangesARestartNeeds() {
        Session session = Session.create("work", "default", "", 600, 42, T0).started(1234, "1", T0).withHistory("h");
        assertTrue(session.touched(43, T0.plusSeconds(9)).withConversationCost(0.5).differsOnlyInActivity(session));
        assertFalse(session.differsOnlyInActivity(session), "no change at all is no activity");
        assertFalse(session.withHistory("other").differsOnlyInActivity(session));
        assertFalse(session.suspended().differsOnlyInActivity(session));
        assertFalse(session.started(99, "2", T0).differsOnlyInActivity(session), "a new process and a new last-active");
        assertFalse(session.withModel("opus").touched(42, T0.plusSeconds(1)).differsOnlyInActivity(session));
        assertFalse(session.withIdleTimeout(60).differsOnlyInActivity(session));
    }
}
