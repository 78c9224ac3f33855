/**
 * Everything that speaks to Telegram: the webhook boundary, the poller, the dispatcher and the outbox.
 * <p>
 * Inbound, every update passes one gate (secret, size, parse, de-duplication, allowlist) and is
 * then handled per chat, strictly in {@code update_id} order, on container threads: the webhook
 * answers before any work is done. Outbound, one outbox per chat keeps the order of everything the
 * gateway says and retries what Telegram refuses for a while (429, 5xx, network), so nothing a
 * user should see is silently dropped. Claude's Markdown is parsed by commonmark-java and
 * rendered into the few tags Telegram's HTML knows ({@code TelegramHtml}), after being cut where
 * Telegram's length limit demands: each piece keeps its Markdown, sent as plain text if Telegram
 * refuses the markup.
 */
package ccgateway.telegram;
