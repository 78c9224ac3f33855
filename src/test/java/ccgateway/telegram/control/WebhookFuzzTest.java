package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.Incoming;
import ccgateway.testing.Mutations;
import com.pengrad.telegrambot.model.Update;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutations of real Telegram updates through the webhook's checks and the dispatcher's
 * reading of them: each is accepted or refused as not an update (400), and nothing else ever
 * escapes (an exception here is a 500 there). Bodies over the size limit (413) need the JAX-RS
 * runtime and are posted over HTTP in FaultsSystemIT. The figures go to docs/RELIABILITY.md.
 */
class WebhookFuzzTest {

    static final int CASES = 5000;
    static final long SEED = 7L;

    final Mutations mutations = new Mutations(SEED);
    final Map<String, Integer> outcomes = new TreeMap<>();

    @Test
    void noMutationOfARealUpdateEscapesTheWebhookChecks() {
        for (int i = 0; i < CASES; i++) {
            byte[] body = mutations.next();
            outcomes.merge(outcome(body), 1, Integer::sum);
        }
        System.out.println("Webhook fuzzing, " + CASES + " mutations (seed " + SEED + "): " + outcomes);
        assertEquals(CASES, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(outcomes.keySet().stream().allMatch(o -> o.startsWith("accepted") || o.equals("400") || o.equals("413")),
                outcomes.toString());
        assertTrue(outcomes.containsKey("400") && outcomes.keySet().stream().anyMatch(o -> o.startsWith("accepted")),
                "the mutations were either all fatal or all harmless: " + outcomes);
    }

    /** What the webhook would answer; an exception other than a deliberate 4xx fails the test. */
    static String outcome(byte[] body) {
        Optional<Update> update;
        try {
            update = new WebhookGate().parse(new ByteArrayInputStream(body));
        } catch (WebApplicationException e) {
            return String.valueOf(e.getResponse().getStatus());
        }
        if (update.isEmpty()) {
            return "400";
        }
        return Incoming.from(update.get()).map(in -> "accepted message").orElse("accepted non-message");
    }

    @Test
    void absurdBodiesAreRefusedNotFatal() {
        assertEquals("400", outcome("[".repeat(200_000).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("400", outcome(("{\"update_id\":1,\"message\":" + "{\"a\":".repeat(100_000)).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("400", outcome(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}));
        assertEquals("400", outcome(new byte[0]));
        assertEquals("400", outcome("{\"update_id\":\"seven\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("400", outcome("{\"update_id\":1e400}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void uploadNamesNeverLeaveTheUploadsFolder() {
        List<String> names = List.of("../../../etc/passwd", "..", ".", "/etc/shadow", "a/b/../../c", "..\\..\\win.ini", "\u0000x",
                "x\u0000.sh", ".bashrc", "...", "CON", "é😀名前.txt", "a".repeat(5000), "\u202Egnp.exe", "name\nwith\nlines", "", " ");
        for (String name : names) {
            String safe = Downloads.safeName(name);
            assertTrue(safe.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") || safe.equals("file"), name + " -> " + safe);
            assertFalse(safe.contains(".."), name + " -> " + safe);
        }
    }

}
