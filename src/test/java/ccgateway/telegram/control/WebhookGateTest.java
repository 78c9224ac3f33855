package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Updates;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookGateTest {

    @Test
    void realTelegramUpdateIsParsed() {
        var update = WebhookGate.toUpdate(Updates.text(77, 1001, 5003, "/help"));
        assertTrue(update.isPresent());
        assertEquals(77, update.get().updateId());
        assertEquals("/help", update.get().message().text());
    }

    @Test
    void aButtonPressIsAnUpdateLikeAMessage() {
        var update = WebhookGate.toUpdate(Updates.callback(78, 5003, 1001, 12, "a:token"));
        assertTrue(update.isPresent());
        assertEquals(78, update.get().updateId());
        assertEquals("a:token", update.get().callbackQuery().data());
        assertTrue(WebhookGate.toUpdate(Updates.callback(79, 5003, 1001, 12, null)).isPresent(), "no data is still an update");
    }

    @Test
    void anythingThatIsNotAnUpdateIsRejected() {
        for (String body : List.of("", "not json", "[]", "{}", "{\"update_id\":\"abc\"}", "{\"update_id\":1,", "null", "42",
                "{\"update_id\":1,\"message\":[1,2]}", "[".repeat(100_000), "{\"a\":".repeat(50_000))) {
            assertTrue(WebhookGate.toUpdate(body).isEmpty(), () -> "accepted: " + body.substring(0, Math.min(40, body.length())));
        }
    }

    @Test
    void secretComparisonFailsClosed() {
        WebhookGate gate = new WebhookGate();
        gate.config = new TelegramConfig();
        gate.config.webhookSecret = java.util.Optional.empty();
        assertTrue(!gate.secretMatches("anything"));
        assertTrue(!gate.secretMatches(""));
        gate.config.webhookSecret = java.util.Optional.of("right");
        assertTrue(gate.secretMatches("right"));
        assertTrue(!gate.secretMatches("wrong"));
        assertTrue(!gate.secretMatches(null));
    }
}
