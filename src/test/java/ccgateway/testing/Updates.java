package ccgateway.testing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Telegram updates as Telegram sends them, with consecutive update ids like Telegram's. */
public final class Updates {

    private final AtomicLong nextId;

    public Updates(long firstId) {
        nextId = new AtomicLong(firstId);
    }

    public long nextId() {
        return nextId.getAndIncrement();
    }

    public String text(long userId, long chatId, String text) {
        return text(nextId(), userId, chatId, text);
    }

    public static String text(long updateId, long userId, long chatId, String text) {
        return message(updateId, userId, chatId, "\"text\":" + Json.quote(text));
    }

    /** A text in a group chat (a negative id), as Telegram sends it. */
    public String groupText(long userId, long chatId, String text) {
        return message(nextId(), userId, chatId, "\"text\":" + Json.quote(text))
                .replace("\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Test\",\"type\":\"private\"}",
                        "\"chat\":{\"id\":" + chatId + ",\"title\":\"Test group\",\"type\":\"group\"}");
    }

    /** A text written in a topic of a private chat with topics ({@code thread} 0: outside every topic). */
    public String topicText(long userId, long chatId, long thread, String text) {
        return message(nextId(), userId, chatId, inTopic(thread) + "\"text\":" + Json.quote(text));
    }

    /** A text in a forum supergroup (a negative id), in a topic ({@code thread} 0: the General topic). */
    public String forumText(long userId, long chatId, long thread, String text) {
        return message(nextId(), userId, chatId, inTopic(thread) + "\"text\":" + Json.quote(text))
                .replace("\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Test\",\"type\":\"private\"}",
                        "\"chat\":{\"id\":" + chatId + ",\"title\":\"Test forum\",\"type\":\"supergroup\",\"is_forum\":true}");
    }

    private static String inTopic(long thread) {
        return thread == 0 ? "" : "\"message_thread_id\":" + thread + ",\"is_topic_message\":true,";
    }

    public String photo(long userId, long chatId, String fileId, long size, String caption) {
        String photo = "\"photo\":[{\"file_id\":\"" + fileId + "-small\",\"file_unique_id\":\"s1\",\"width\":90,\"height\":90,\"file_size\":100},"
                + "{\"file_id\":" + Json.quote(fileId) + ",\"file_unique_id\":\"b1\",\"width\":1280,\"height\":960,\"file_size\":" + size + "}]";
        return message(nextId(), userId, chatId, photo + (caption == null ? "" : ",\"caption\":" + Json.quote(caption)));
    }

    public String document(long userId, long chatId, String fileId, String fileName, long size, String caption) {
        String document = "\"document\":{\"file_id\":" + Json.quote(fileId) + ",\"file_unique_id\":\"d1\",\"file_name\":"
                + Json.quote(fileName) + ",\"mime_type\":\"application/octet-stream\",\"file_size\":" + size + "}";
        return message(nextId(), userId, chatId, document + (caption == null ? "" : ",\"caption\":" + Json.quote(caption)));
    }

    /** A sticker's content as Telegram sends it, for {@link #content}: a kind of message the gateway does not take (SPEC §11). */
    public static final String STICKER = "\"sticker\":{\"file_id\":\"s1\",\"file_unique_id\":\"us1\",\"type\":\"regular\","
            + "\"width\":512,\"height\":512,\"is_animated\":false,\"is_video\":false,\"emoji\":\"👍\"}";

    /** Any other message content as Telegram sends it, e.g. {@code "voice":{...}}; a negative chat id is a group. */
    public String content(long userId, long chatId, String contentJson) {
        String message = message(nextId(), userId, chatId, contentJson);
        return chatId > 0 ? message : message.replace("\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Test\",\"type\":\"private\"}",
                "\"chat\":{\"id\":" + chatId + ",\"title\":\"Test group\",\"type\":\"group\"}");
    }

    /**
     * A press of an inline button under message {@code messageId} of the chat, as Telegram sends it
     * ({@code data} null: a callback query without data).
     */
    public static String callback(long updateId, long chatId, long userId, long messageId, String data) {
        return "{\"update_id\":" + updateId + ",\"callback_query\":{\"id\":\"q" + updateId + "-" + userId + "\","
                + "\"from\":{\"id\":" + userId + ",\"is_bot\":false,\"first_name\":\"Test\",\"language_code\":\"en\"},"
                + "\"message\":{\"message_id\":" + messageId + ",\"from\":{\"id\":123456,\"is_bot\":true,\"first_name\":\"stub\"},"
                + "\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Test\",\"type\":\"private\"},"
                + "\"date\":" + Instant.now().getEpochSecond() + ",\"text\":\"a message with buttons\"},"
                + "\"chat_instance\":\"ci" + chatId + "\"" + (data == null ? "" : ",\"data\":" + Json.quote(data)) + "}}";
    }

    public String callback(long chatId, long userId, long messageId, String data) {
        return callback(nextId(), chatId, userId, messageId, data);
    }

    private static String message(long updateId, long userId, long chatId, String content) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + (updateId % 100000 + 1)
                + ",\"from\":{\"id\":" + userId + ",\"is_bot\":false,\"first_name\":\"Test\",\"language_code\":\"en\"},"
                + "\"chat\":{\"id\":" + chatId + ",\"first_name\":\"Test\",\"type\":\"private\"},"
                + "\"date\":" + Instant.now().getEpochSecond() + "," + content + "}}";
    }
}
