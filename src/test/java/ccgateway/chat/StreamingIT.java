package ccgateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §11 Streaming on the real WAR: in a private chat the stub claude's text deltas
 * ({@code #stream=3}: four pieces, 0.75 s apart) show as a draft while the answer is written, and
 * the complete answer then comes as its message, once; refused drafts change nothing for the
 * message; a group gets no drafts.
 */
class StreamingIT extends DeployedGateway {

    /** Listed in arquillian.xml's telegram.allowed-chats. */
    static final long GROUP = -4242;

    @AfterEach
    void acceptDraftsAgain() {
        telegram.refuseDrafts(0);
    }

    @Test
    void aPrivateChatSeesTheAnswerGrowInOneDraftBeforeItsMessageComesOnce() {
        long chat = 8_160_001;
        newSession(chat, "drafted");
        String asked = "#stream=3 tell me a story";
        String answer = "echo: " + asked;
        send(chat, asked);
        await(chat, answer);

        List<BotApiStub.Call> drafts = telegram.drafts(chat);
        List<String> texts = drafts.stream().map(BotApiStub.Call::text).collect(Collectors.toList());
        assertTrue(drafts.size() >= 3, "the answer did not grow in a draft: " + texts);
        assertTrue(texts.stream().allMatch(answer::startsWith), "a draft that is not the answer's beginning: " + texts);
        for (int i = 1; i < texts.size(); i++) {
            assertTrue(texts.get(i).length() > texts.get(i - 1).length(), "a draft that did not grow: " + texts);
            assertTrue(Duration.between(drafts.get(i - 1).at(), drafts.get(i).at()).toMillis() >= 450,
                    "two drafts within 0.5 s: " + drafts);
        }
        List<String> ids = drafts.stream().map(d -> d.params().get("draft_id")).distinct().collect(Collectors.toList());
        assertEquals(1, ids.size(), "one message, one draft: " + ids);
        assertNotEquals("0", ids.get(0));
        assertTrue(drafts.get(drafts.size() - 1).at().compareTo(finalMessage(chat, answer).at()) <= 0, "a draft after the message");
        assertEquals(1, telegram.messages(chat).stream().filter(answer::equals).count(), telegram.messages(chat).toString());
    }

    @Test
    void draftsRefusedWith429AreDroppedAndTheMessageStillComesAtOnceAndOnce() {
        refusedDraftsChangeNothingForTheMessage(8_160_002, 429);
    }

    @Test
    void draftsRefusedWith500AreDroppedAndTheMessageStillComesAtOnceAndOnce() {
        refusedDraftsChangeNothingForTheMessage(8_160_003, 500);
    }

    private void refusedDraftsChangeNothingForTheMessage(long chat, int code) {
        String session = newSession(chat, "refused" + code);
        telegram.refuseDrafts(code);
        String asked = "#stream=3 refused with " + code;
        String answer = "echo: " + asked;
        send(chat, asked);
        await(chat, answer);

        List<String> tried = telegram.draftCalls(chat).stream().map(BotApiStub.Call::text).collect(Collectors.toList());
        assertFalse(tried.isEmpty(), "no draft was even tried");
        assertEquals(tried.size(), tried.stream().distinct().count(), "a refused draft was sent again: " + tried);
        assertTrue(telegram.drafts(chat).isEmpty());
        Instant answered = resultWritten(session, asked);
        long late = Duration.between(answered, finalMessage(chat, answer).at()).toMillis();
        assertTrue(late < 1000, "the message came " + late + " ms after Claude's result");
        assertEquals(1, telegram.messages(chat).stream().filter(answer::equals).count(), telegram.messages(chat).toString());
    }

    @Test
    void aGroupGetsNoDraftsAndItsAnswerAsBefore() {
        String session = name("group-stream");
        send(USER, GROUP, "/new " + session);
        await(GROUP, "Created session '" + session + "'");
        String asked = "#stream=2 in the group";
        send(USER, GROUP, asked);
        await(GROUP, "echo: " + asked);
        assertEquals(List.of(), telegram.draftCalls(GROUP));
    }

    private BotApiStub.Call finalMessage(long chat, String answer) {
        return telegram.delivered().stream()
                .filter(c -> c.method().equals("sendMessage") && c.chatId() == chat && answer.equals(c.text()))
                .findFirst().orElseThrow();
    }

    /** When the stub claude wrote the turn's result line (its own wall clock, logged). */
    private static Instant resultWritten(String session, String turn) {
        JsonObject result = Await.value(() -> CLAUDE.events().stream()
                .filter(e -> "result".equals(e.getString("event", "")) && session.equals(e.getString("session", ""))
                        && turn.equals(e.getString("text", "")))
                .findFirst(), WAIT, () -> "no result logged for " + turn);
        long nanos = result.getJsonNumber("t_ns").longValue();
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
