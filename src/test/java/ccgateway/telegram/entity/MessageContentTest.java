package ccgateway.telegram.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pengrad.telegrambot.utility.BotUtils;
import org.junit.jupiter.api.Test;

/** Which messages are served, which are Telegram's notes about the chat, and which get the "not supported" answer. */
class MessageContentTest {

    private static MessageContent of(String content) {
        String update = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
                + "\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"T\"},"
                + "\"chat\":{\"id\":1001,\"type\":\"private\"}," + content + "}}";
        return MessageContent.of(BotUtils.parseUpdate(update).message());
    }

    @Test
    void textPhotoAndDocumentAreServed() {
        assertEquals(MessageContent.SERVED, of("\"text\":\"hi\""));
        assertEquals(MessageContent.SERVED, of("\"photo\":[{\"file_id\":\"p\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]"));
        assertEquals(MessageContent.SERVED, of("\"document\":{\"file_id\":\"d\",\"file_unique_id\":\"u\"}"));
    }

    @Test
    void voiceStickerLocationAndTheOtherKindsAreUnsupported() {
        assertEquals(MessageContent.UNSUPPORTED, of("\"voice\":{\"file_id\":\"v\",\"file_unique_id\":\"u\",\"duration\":2}"));
        assertEquals(MessageContent.UNSUPPORTED, of("\"sticker\":{\"file_id\":\"s\",\"file_unique_id\":\"u\",\"type\":\"regular\","
                + "\"width\":512,\"height\":512,\"is_animated\":false,\"is_video\":false}"));
        assertEquals(MessageContent.UNSUPPORTED, of("\"location\":{\"latitude\":48.2,\"longitude\":16.4}"));
        assertEquals(MessageContent.UNSUPPORTED, of("\"video\":{\"file_id\":\"v\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1,"
                + "\"duration\":1},\"caption\":\"a caption does not make it text\""));
        assertEquals(MessageContent.UNSUPPORTED, of("\"contact\":{\"phone_number\":\"+1\",\"first_name\":\"A\"}"));
        assertEquals(MessageContent.UNSUPPORTED, of("\"poll\":{\"id\":\"p\",\"question\":\"q?\",\"options\":[]}"));
    }

    @Test
    void anAnimationIsUnsupportedThoughTelegramSendsADocumentBesideIt() {
        String file = "{\"file_id\":\"a\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1,\"duration\":1}";
        assertEquals(MessageContent.UNSUPPORTED, of("\"animation\":" + file + ",\"document\":{\"file_id\":\"a\",\"file_unique_id\":\"u\"}"));
    }

    @Test
    void membersComingAndGoingAndOtherChatEventsStaySilent() {
        String user = "{\"id\":1002,\"is_bot\":false,\"first_name\":\"B\"}";
        assertEquals(MessageContent.CHAT_EVENT, of("\"new_chat_members\":[" + user + "]"));
        assertEquals(MessageContent.CHAT_EVENT, of("\"left_chat_member\":" + user));
        assertEquals(MessageContent.CHAT_EVENT, of("\"new_chat_title\":\"renamed\""));
        assertEquals(MessageContent.CHAT_EVENT, of("\"forum_topic_created\":{\"name\":\"t\",\"icon_color\":1}"));
    }
}
