package ccgateway.telegram.entity;

import com.pengrad.telegrambot.model.Document;
import com.pengrad.telegrambot.model.Message;
import com.pengrad.telegrambot.model.PhotoSize;
import com.pengrad.telegrambot.model.Update;
import java.util.Optional;

/**
 * A message a person sent the bot, reduced to what the gateway uses.
 * {@code text} is the text or the caption; {@code attachment} a photo (largest size) or document.
 * {@code threadId} is the forum topic it was written in (0: none, or the General topic);
 * {@code forum} says the chat is a forum supergroup ({@code is_forum}).
 */
public record Incoming(long updateId, long chatId, long userId, String text, Optional<Attachment> attachment,
                       long threadId, boolean forum) {

    public Incoming(long updateId, long chatId, long userId, String text, Optional<Attachment> attachment) {
        this(updateId, chatId, userId, text, attachment, 0, false);
    }

    public record Attachment(Kind kind, String fileId, String fileName, long size) {
        public enum Kind { PHOTO, DOCUMENT }
    }

    /** Only new messages are handled; edits, channel posts, callbacks and the rest are not conversation. */
    public static Optional<Incoming> from(Update update) {
        Message message = update.message();
        // Telegram always sends these; a body that parses without them is ignored, not thrown up as a 500
        if (message == null || message.chat() == null || message.chat().id() == null || message.from() == null
                || message.from().id() == null) {
            return Optional.empty();
        }
        String text = message.text() != null ? message.text() : message.caption();
        return Optional.of(new Incoming(update.updateId(), message.chat().id(), message.from().id(),
                text == null ? "" : text, attachment(message), topic(message), Boolean.TRUE.equals(message.chat().isForum())));
    }

    /** In a supergroup without topics, message_thread_id names a thread of replies: only a topic message counts. */
    private static long topic(Message message) {
        Long thread = message.messageThreadId();
        return Boolean.TRUE.equals(message.isTopicMessage()) && thread != null ? thread : 0;
    }

    private static Optional<Attachment> attachment(Message message) {
        PhotoSize[] photo = message.photo();
        if (photo != null && photo.length > 0 && photo[photo.length - 1] != null && photo[photo.length - 1].fileId() != null) {
            // Telegram lists the sizes of a photo from smallest to largest
            PhotoSize largest = photo[photo.length - 1];
            return Optional.of(new Attachment(Attachment.Kind.PHOTO, largest.fileId(), "photo.jpg", size(largest.fileSize())));
        }
        Document document = message.document();
        if (document != null && document.fileId() != null) {
            return Optional.of(new Attachment(Attachment.Kind.DOCUMENT, document.fileId(),
                    document.fileName() == null ? "document" : document.fileName(), size(document.fileSize())));
        }
        return Optional.empty();
    }

    private static long size(Long size) {
        return size == null ? -1 : size;
    }

    public boolean isCommand() {
        return attachment.isEmpty() && text.startsWith("/");
    }
}
