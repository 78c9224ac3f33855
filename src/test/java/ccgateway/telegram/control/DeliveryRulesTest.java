package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.SendOutcome;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.SendResponse;
import com.pengrad.telegrambot.utility.BotUtils;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How Telegram's answers are read, and how long the outbox waits before trying again. */
class DeliveryRulesTest {

    static SendOutcome answer(String json) {
        return TelegramSender.classify(BotUtils.fromJson(json, BaseResponse.class));
    }

    @Test
    void telegramAnswersAreClassified() {
        assertInstanceOf(SendOutcome.Delivered.class, answer("{\"ok\":true,\"result\":true}"));
        SendOutcome limited = answer("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\",\"parameters\":{\"retry_after\":7}}");
        assertEquals(Duration.ofSeconds(7), ((SendOutcome.RetryAfter) limited).delay());
        assertInstanceOf(SendOutcome.Transient.class, answer("{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}"));
        assertInstanceOf(SendOutcome.BadFormatting.class,
                answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: Unsupported start tag\"}"));
        assertInstanceOf(SendOutcome.Rejected.class, answer("{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}"));
        assertInstanceOf(SendOutcome.Rejected.class, answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
    }

    @Test
    void anEditToWhatTheMessageAlreadyShowsIsDoneAndOtherRefusalsAreFinal() {
        SendOutcome same = answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is not modified: specified new "
                + "message content and reply markup are exactly the same as a current content and reply markup of the message\"}");
        assertInstanceOf(SendOutcome.Unchanged.class, same);
        assertTrue(same.done());
        SendOutcome gone = answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message to edit not found\"}");
        assertInstanceOf(SendOutcome.Rejected.class, gone);
        assertFalse(gone.done());
        assertInstanceOf(SendOutcome.Rejected.class,
                answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message can't be edited\"}"));
        assertInstanceOf(SendOutcome.BadFormatting.class,
                answer("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: Unclosed tag\"}"));
        // an edit of a chat message answers with the message, of an inline one with true
        assertEquals(new SendOutcome.Delivered(0), answer("{\"ok\":true,\"result\":true}"));
    }

    @Test
    void aSentMessageIsKnownByTheIdTelegramGaveIt() {
        SendResponse sent = BotUtils.fromJson("{\"ok\":true,\"result\":{\"message_id\":4711,\"date\":1,"
                + "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"hi\"}}", SendResponse.class);
        assertEquals(new SendOutcome.Delivered(4711), TelegramSender.classify(sent));
    }

    @Test
    void answersToPressedButtonsAreRetriedOnlyWhileWorthIt() {
        assertEquals(Duration.ofSeconds(3), CallbackAnswers.retryIn(new SendOutcome.RetryAfter(Duration.ofSeconds(3)), 1));
        assertEquals(ChatQueue.backoff(2), CallbackAnswers.retryIn(new SendOutcome.Transient("502"), 2));
        assertEquals(null, CallbackAnswers.retryIn(new SendOutcome.Rejected("400 query is too old"), 1));
        assertEquals(null, CallbackAnswers.retryIn(new SendOutcome.Delivered(0), 1));
    }

    @Test
    void backoffGrowsAndIsBounded() {
        assertEquals(Duration.ofMillis(500), ChatQueue.backoff(1));
        assertEquals(Duration.ofSeconds(1), ChatQueue.backoff(2));
        assertTrue(ChatQueue.backoff(7).compareTo(ChatQueue.backoff(6)) >= 0);
        assertEquals(ChatQueue.MAX_BACKOFF, ChatQueue.backoff(40));
    }

    @Test
    void uploadedFileNamesCannotLeaveTheUploadsDirectory() {
        assertEquals("evil", Downloads.safeName("../../evil"));
        assertEquals("passwd", Downloads.safeName("/etc/passwd"));
        assertEquals("x.txt", Downloads.safeName("..\\..\\x.txt"));
        assertEquals("file", Downloads.safeName(".."));
        assertEquals("file", Downloads.safeName(""));
        assertEquals("file", Downloads.safeName(null));
        assertEquals("my_report__2026_.pdf", Downloads.safeName("my report (2026).pdf"));
        assertEquals("htaccess", Downloads.safeName(".htaccess"));
        assertEquals(100, Downloads.safeName("a".repeat(300) + ".txt").length());
        assertTrue(Downloads.safeName("a".repeat(300) + ".txt").endsWith(".txt"));
    }

    @Test
    void aTypingIndicatorWaitingBehindOtherCallsIsDroppedWhenAMessageFollows() {
        Deque<String> queue = new ArrayDeque<>(List.of("typing-in-flight", "tool line", "typing", "typing"));
        List<String> dropped = new ArrayList<>();
        ChatQueue.dropWaitingTypingIndicators(queue, s -> s.startsWith("typing"), true, dropped::add);
        assertEquals(List.of("typing-in-flight", "tool line"), List.copyOf(queue), "the head may be on the wire and stays");
        assertEquals(2, dropped.size());

        Deque<String> idle = new ArrayDeque<>(List.of("typing", "text"));
        ChatQueue.dropWaitingTypingIndicators(idle, s -> s.startsWith("typing"), false, s -> { });
        assertEquals(List.of("text"), List.copyOf(idle), "nothing is in flight: every waiting indicator goes");
    }
}
