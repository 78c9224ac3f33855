package ccgateway.telegram.entity;

import java.util.List;

/**
 * One thing the gateway says to a chat: a message (maybe with buttons), a "typing…", or a change
 * to a message already sent. {@code html} is the formatted form (may be null: plain only);
 * {@code text} is the plain form, sent when Telegram rejects the formatting. {@code messageId} is
 * the message an edit applies to. A typing indicator is best effort: never retried, since a late
 * one is wrong. {@code threadId} is the forum topic a message or "typing…" goes into (0: none, the
 * chat itself or its General topic).
 */
public record Outgoing(Kind kind, long chatId, int messageId, String text, String html, List<List<Button>> buttons, long threadId) {

    public enum Kind {
        MESSAGE, TYPING,
        /** New text for a sent message; its buttons go. */
        EDIT_TEXT,
        /** The message stays as it is, without its buttons. */
        REMOVE_BUTTONS,
        /** A file sent as a document: {@code text} is its path, and the file's own name is the name shown. */
        DOCUMENT
    }

    public Outgoing {
        buttons = buttons == null ? List.of() : buttons.stream().map(List::copyOf).toList();
    }

    public Outgoing(Kind kind, long chatId, int messageId, String text, String html, List<List<Button>> buttons) {
        this(kind, chatId, messageId, text, html, buttons, 0);
    }

    public static Outgoing plain(long chatId, String text) {
        return new Outgoing(Kind.MESSAGE, chatId, 0, text, null, List.of());
    }

    public static Outgoing formatted(long chatId, String html, String plainText) {
        return new Outgoing(Kind.MESSAGE, chatId, 0, plainText, html, List.of());
    }

    public static Outgoing withButtons(long chatId, String html, String plainText, List<List<Button>> rows) {
        return new Outgoing(Kind.MESSAGE, chatId, 0, plainText, html, rows);
    }

    public static Outgoing typingIndicator(long chatId) {
        return new Outgoing(Kind.TYPING, chatId, 0, "", null, List.of());
    }

    /** The message id is filled in with {@link #withMessageId} once the message is known. */
    public static Outgoing editText(long chatId, String html, String plainText) {
        return new Outgoing(Kind.EDIT_TEXT, chatId, 0, plainText, html, List.of());
    }

    public static Outgoing removeButtons(long chatId, int messageId) {
        return new Outgoing(Kind.REMOVE_BUTTONS, chatId, messageId, "", null, List.of());
    }

    public static Outgoing document(long chatId, java.nio.file.Path file) {
        return new Outgoing(Kind.DOCUMENT, chatId, 0, file.toString(), null, List.of());
    }

    public boolean typing() {
        return kind == Kind.TYPING;
    }

    public boolean isFormatted() {
        return html != null;
    }

    public Outgoing asPlain() {
        return new Outgoing(kind, chatId, messageId, text, null, buttons, threadId);
    }

    public Outgoing withMessageId(int id) {
        return new Outgoing(kind, chatId, id, text, html, buttons, threadId);
    }

    /** The same, into the chat's forum topic {@code thread} (0: none). */
    public Outgoing inThread(long thread) {
        return new Outgoing(kind, chatId, messageId, text, html, buttons, thread);
    }
}
