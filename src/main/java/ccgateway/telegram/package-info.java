/**
 * The connection to Telegram: the webhook boundary, the poller, the ledger, the dispatcher, file
 * downloads and the outbox. How a message looks is the chat's business.
 * <p>
 * Inbound, every update passes one gate (secret, size, parse, de-duplication, allowlist) and is
 * then handled per chat, strictly in {@code update_id} order, on container threads: the webhook
 * answers before any work is done. Outbound, one outbox per chat keeps the order of everything the
 * gateway says and retries what Telegram refuses for a while (429, 5xx, network), so nothing a
 * user should see is silently dropped.
 */
package ccgateway.telegram;
