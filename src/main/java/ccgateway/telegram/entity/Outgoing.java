package ccgateway.telegram.entity;

/**
 * One thing the gateway says to a chat. {@code html} is the formatted form (may be null: plain
 * only); {@code text} is the plain form, sent when Telegram rejects the formatting.
 * A {@code typing} indicator is best effort: it is never retried, since a late one is wrong.
 */
public record Outgoing(long chatId, String text, String html, boolean typing) {

    public static Outgoing plain(long chatId, String text) {
        return new Outgoing(chatId, text, null, false);
    }

    public static Outgoing formatted(long chatId, String html, String plainText) {
        return new Outgoing(chatId, plainText, html, false);
    }

    public static Outgoing typingIndicator(long chatId) {
        return new Outgoing(chatId, "", null, true);
    }

    public boolean isFormatted() {
        return html != null;
    }

    public Outgoing asPlain() {
        return new Outgoing(chatId, text, null, typing);
    }
}
