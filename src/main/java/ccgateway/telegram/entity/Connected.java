package ccgateway.telegram.entity;

/**
 * Fired once at start, when the gateway has a token and has begun to receive updates (webhook
 * registered or being registered, or polling started). Whoever has something to tell Telegram
 * about the bot itself, such as its command menu, observes this.
 */
public record Connected(TelegramMode mode) {
}
