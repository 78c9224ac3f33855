package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.Button;
import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import com.pengrad.telegrambot.TelegramBot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's buttons, edits and callback answers against the Bot API stub on loopback, as a
 * person's chat would show them. Its work runs on the test's thread ({@link ChatQueueTest.Inline}).
 */
class OutboxButtonsTest {

    static final long CHAT = 7;
    static final List<List<Button>> ROW = List.of(List.of(new Button("Allow", "a:1"), new Button("Deny", "d:1")));

    final BotApiStub telegram;
    final TelegramBot bot;
    final Outbox outbox = new Outbox();

    OutboxButtonsTest() throws Exception {
        telegram = new BotApiStub();
        bot = new TelegramBot.Builder(BotApiStub.TOKEN).apiUrl(telegram.url() + "/bot").build();
        TelegramConfig config = new TelegramConfig();
        config.token = Optional.of(BotApiStub.TOKEN);
        TelegramSender sender = new TelegramSender();
        sender.bot = bot;
        sender.config = config;
        outbox.sender = sender;
        outbox.config = config;
        outbox.workers = new ChatQueueTest.Inline();
        outbox.callbackAnswers = new CallbackAnswers();
        outbox.callbackAnswers.sender = sender;
        outbox.callbackAnswers.workers = outbox.workers;
    }

    @AfterEach
    void close() {
        bot.shutdown();
        telegram.close();
    }

    static <T> T done(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void aPromptIsShownWithItsButtonsAndTheEditReplacesThem() {
        CompletionStage<Integer> prompt = outbox.sendWithButtons(CHAT, "<b>Bash</b>: ls", "Bash: ls", ROW);
        assertTrue(done(outbox.edit(CHAT, prompt, "<b>Bash</b>: ls\n✅ Allowed", "Bash: ls\n✅ Allowed")));
        List<BotApiStub.Shown> shown = telegram.shown(CHAT);
        assertEquals(1, shown.size());
        assertEquals(done(prompt), shown.get(0).messageId());
        assertEquals("<b>Bash</b>: ls\n✅ Allowed", shown.get(0).text());
        assertFalse(shown.get(0).hasButtons(), "the buttons are still there: " + shown.get(0));
    }

    @Test
    void anEditThatChangesNothingIsDoneAndSoIsRemovingButtonsThatAreGone() {
        CompletionStage<Integer> prompt = outbox.sendWithButtons(CHAT, null, "ok?", ROW);
        assertTrue(done(outbox.removeButtons(CHAT, done(prompt))));
        assertFalse(telegram.shown(CHAT).get(0).hasButtons());
        assertTrue(done(outbox.removeButtons(CHAT, done(prompt))), "already without buttons: not modified, done");
        assertTrue(done(outbox.edit(CHAT, prompt, null, "ok?")), "the same text: not modified, done");
        assertEquals(List.of("editMessageReplyMarkup", "editMessageReplyMarkup", "editMessageText"),
                telegram.calls().stream().map(BotApiStub.Call::method).filter(m -> m.startsWith("edit")).toList(), "each edit once, none retried");
    }

    @Test
    void anEditOfAMessageTelegramDoesNotKnowIsGivenUpAtOnce() {
        assertFalse(done(outbox.edit(CHAT, CompletableFuture.completedFuture(999_999), null, "late")));
        assertEquals(1, telegram.calls("editMessageText").size());
        assertFalse(done(outbox.edit(CHAT, CompletableFuture.completedFuture(-1), null, "never sent")));
        assertEquals(1, telegram.calls("editMessageText").size(), "an edit of a message never delivered is not attempted");
    }

    @Test
    void refusedFormattingFallsBackToPlainTextWithTheButtonsKept() {
        telegram.rejectFormattedMessages(true);
        CompletionStage<Integer> prompt = outbox.sendWithButtons(CHAT, "<b>broken", "plain prompt", ROW);
        assertTrue(done(prompt) > 0);
        assertEquals("plain prompt", telegram.shown(CHAT).get(0).text());
        assertTrue(telegram.shown(CHAT).get(0).hasButtons());
        assertTrue(done(outbox.edit(CHAT, prompt, "<b>broken", "plain answer")));
        assertEquals("plain answer", telegram.shown(CHAT).get(0).text());
    }

    @Test
    void aPressIsAnsweredThroughARateLimit() {
        telegram.rateLimitNext("answerCallbackQuery", 0);
        outbox.answerCallback("q1", "Not authorized.");
        outbox.answerCallback("q2", null);
        Await.until(() -> telegram.callbackAnswers().size() == 2, Duration.ofSeconds(5), () -> "answers: " + telegram.calls());
        assertEquals(java.util.Arrays.asList("Not authorized.", null), telegram.callbackAnswers());
        assertEquals(3, telegram.calls("answerCallbackQuery").size());
    }
}
