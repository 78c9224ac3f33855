package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.Button;
import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.utility.BotUtils;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

/** A chat's queue with buttons and edits, against a scripted Telegram, on the test's own thread. */
class ChatQueueTest {

    static final long CHAT = 42;

    /** Answers with the scripted outcomes in turn, then Delivered with the next message id. */
    static final class ScriptedTelegram extends TelegramSender {
        final List<Outgoing> calls = new ArrayList<>();
        final Deque<SendOutcome> script = new ArrayDeque<>();
        int nextId = 100;

        @Override
        public SendOutcome attempt(Outgoing message) {
            calls.add(message);
            SendOutcome scripted = script.pollFirst();
            return scripted != null ? scripted : new SendOutcome.Delivered(message.kind() == Outgoing.Kind.MESSAGE ? nextId++ : 0);
        }
    }

    /** Runs everything at once, waits included: the order is what is tested, not the clock. */
    static final class Inline extends Workers {
        @Override
        public void run(Runnable task) {
            task.run();
        }

        @Override
        public ScheduledFuture<?> later(Duration delay, Runnable task) {
            task.run();
            return null;
        }
    }

    final ScriptedTelegram telegram = new ScriptedTelegram();
    final ChatQueue queue = new ChatQueue(CHAT, telegram, new Inline());

    CompletionStage<Integer> add(Outgoing message, CompletionStage<Integer> target) {
        ChatQueue.Pending pending = new ChatQueue.Pending(message, target);
        queue.add(pending);
        return pending.done;
    }

    static final List<List<Button>> ROW = List.of(List.of(new Button("Allow", "a:1"), new Button("Deny", "d:1")));

    @Test
    void anEditAppliesToTheMessageIdTelegramGaveTheButtons() {
        CompletionStage<Integer> prompt = add(Outgoing.withButtons(CHAT, "<b>ok?</b>", "ok?", ROW), null);
        CompletionStage<Integer> edited = add(Outgoing.editText(CHAT, null, "ok? ✅ Allowed"), prompt);
        assertEquals(100, prompt.toCompletableFuture().join());
        assertEquals(0, edited.toCompletableFuture().join());
        assertEquals(100, telegram.calls.get(1).messageId());
        assertEquals(Outgoing.Kind.EDIT_TEXT, telegram.calls.get(1).kind());
    }

    @Test
    void anEditWaitsAtItsPlaceUntilItsMessageIsKnown() {
        CompletableFuture<Integer> elsewhere = new CompletableFuture<>();
        CompletionStage<Integer> edited = add(Outgoing.editText(CHAT, null, "done"), elsewhere);
        CompletionStage<Integer> after = add(Outgoing.plain(CHAT, "next"), null);
        assertTrue(telegram.calls.isEmpty(), "nothing may overtake the edit: " + telegram.calls);
        elsewhere.complete(7);
        assertEquals(List.of(Outgoing.Kind.EDIT_TEXT, Outgoing.Kind.MESSAGE), telegram.calls.stream().map(Outgoing::kind).toList());
        assertEquals(7, telegram.calls.get(0).messageId());
        assertTrue(edited.toCompletableFuture().isDone() && after.toCompletableFuture().isDone());
    }

    @Test
    void anEditOfAMessageThatNeverArrivedIsSkipped() {
        telegram.script.add(new SendOutcome.Rejected("403 Forbidden: bot was blocked by the user"));
        CompletionStage<Integer> prompt = add(Outgoing.withButtons(CHAT, null, "ok?", ROW), null);
        CompletionStage<Integer> edited = add(Outgoing.editText(CHAT, null, "ok? ✅ Allowed"), prompt);
        assertEquals(ChatQueue.UNDELIVERED, prompt.toCompletableFuture().join());
        assertEquals(ChatQueue.UNDELIVERED, edited.toCompletableFuture().join());
        assertEquals(1, telegram.calls.size(), "no edit was attempted: " + telegram.calls);
    }

    @Test
    void refusedFormattingOfAnEditIsRetriedAsPlainTextAndNotModifiedIsDone() {
        telegram.script.add(new SendOutcome.BadFormatting("400 can't parse entities"));
        telegram.script.add(new SendOutcome.Unchanged());
        CompletionStage<Integer> edited = add(Outgoing.editText(CHAT, "<b>x", "x").withMessageId(5), null);
        assertFalse(edited.toCompletableFuture().join() == ChatQueue.UNDELIVERED);
        assertEquals(2, telegram.calls.size());
        assertFalse(telegram.calls.get(1).isFormatted());
    }

    @Test
    void aRefusedEditIsGivenUpAtOnce() {
        telegram.script.add(new SendOutcome.Rejected("400 Bad Request: message to edit not found"));
        CompletionStage<Integer> edited = add(Outgoing.removeButtons(CHAT, 5), null);
        assertEquals(ChatQueue.UNDELIVERED, edited.toCompletableFuture().join());
        assertEquals(1, telegram.calls.size());
    }

    @Test
    void buttonsGoAsAnInlineKeyboardAndAnEditCarriesNone() {
        Map<String, Object> send = OutgoingRequests.of(Outgoing.withButtons(CHAT, "<b>ok?</b>", "ok?", ROW)).getParameters();
        assertEquals("{\"inline_keyboard\":[[{\"text\":\"Allow\",\"callback_data\":\"a:1\"},{\"text\":\"Deny\",\"callback_data\":\"d:1\"}]]}",
                BotUtils.toJson(send.get("reply_markup")));
        assertEquals("HTML", String.valueOf(send.get("parse_mode")));
        Map<String, Object> edit = OutgoingRequests.of(Outgoing.editText(CHAT, null, "done").withMessageId(9)).getParameters();
        assertEquals(9, edit.get("message_id"));
        assertFalse(edit.containsKey("reply_markup"), "an edit without a keyboard removes the buttons: " + edit);
        assertFalse(OutgoingRequests.of(Outgoing.removeButtons(CHAT, 9)).getParameters().containsKey("reply_markup"));
    }

    @Test
    void anAnswerThatCannotBeReadIsSentOnceAndTheChatGoesOn() {
        telegram.script.add(new SendOutcome.Unreadable("Expected an int but was 1764600000123 at line 1 column 83 path $.result.date"));
        CompletionStage<Integer> first = add(Outgoing.plain(CHAT, "first"), null);
        CompletionStage<Integer> second = add(Outgoing.plain(CHAT, "second"), null);
        assertEquals(2, telegram.calls.size(), "the first is not sent again");
        assertEquals(0, first.toCompletableFuture().join(), "sent, but its message id is unknown");
        assertEquals(100, second.toCompletableFuture().join());
    }
}
