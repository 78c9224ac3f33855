package ccgateway.telegram.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Updates;
import com.pengrad.telegrambot.utility.BotUtils;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a button may carry, and what a press of one is read as. */
class ButtonAndPressTest {

    @Test
    void callbackDataIsAtMostSixtyFourBytesNotCharacters() {
        new Button("Allow", "a".repeat(64));
        assertThrows(IllegalArgumentException.class, () -> new Button("Allow", "a".repeat(65)));
        // 22 three-byte characters are 66 bytes: Telegram counts bytes
        assertThrows(IllegalArgumentException.class, () -> new Button("Allow", "€".repeat(22)));
        assertThrows(IllegalArgumentException.class, () -> new Button("Allow", ""));
        assertThrows(IllegalArgumentException.class, () -> new Button("Allow", null));
        assertThrows(IllegalArgumentException.class, () -> new Button(" ", "x"));
    }

    @Test
    void aPressNamesItsChatUserMessageAndData() {
        Press press = Press.from(BotUtils.parseUpdate(Updates.callback(77, 4242, 1001, 55, "ok:token"))).orElseThrow();
        assertEquals(77, press.updateId());
        assertEquals(4242, press.chatId());
        assertEquals(1001, press.userId());
        assertEquals(55, press.messageId());
        assertEquals("ok:token", press.data());
        assertTrue(!press.queryId().isEmpty());
    }

    @Test
    void aPressWithoutDataOrMessageIsNothingToActOn() {
        assertEquals(Optional.empty(), Press.from(BotUtils.parseUpdate(Updates.callback(78, 4242, 1001, 55, null))));
        String inline = "{\"update_id\":79,\"callback_query\":{\"id\":\"q79\",\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"T\"},"
                + "\"inline_message_id\":\"im\",\"chat_instance\":\"ci\",\"data\":\"x\"}}";
        assertEquals(Optional.empty(), Press.from(BotUtils.parseUpdate(inline)));
        assertEquals(Optional.empty(), Press.from(BotUtils.parseUpdate(Updates.text(80, 1001, 4242, "hi"))));
    }

    @Test
    void aPressUnderAMessageTooOldToShowStillNamesIt() {
        // Telegram sends an InaccessibleMessage (date 0) for messages older than 48 h: chat and id are still there
        String old = "{\"update_id\":81,\"callback_query\":{\"id\":\"q81\",\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"T\"},"
                + "\"message\":{\"chat\":{\"id\":4242,\"type\":\"private\"},\"message_id\":9,\"date\":0},\"chat_instance\":\"ci\",\"data\":\"x\"}}";
        Press press = Press.from(BotUtils.parseUpdate(old)).orElseThrow();
        assertEquals(9, press.messageId());
        assertEquals(4242, press.chatId());
    }
}
