/**
 * The connection to Telegram: the webhook boundary, the poller, the ledger, the dispatcher, file
 * downloads, the outbox and the command menu. How a message looks is the chat's business; what a
 * button means is the business of whoever sent it.
 * <p>
 * Inbound, every update passes one gate (secret, size, parse, de-duplication, admission: which
 * chats and which people are served) and is then handled per chat, strictly in {@code update_id}
 * order, on container threads: the webhook answers before any work is done. Admission comes before
 * anything per chat exists, so strangers (and groups the bot leaves) cost no lasting state. A pressed button ({@code Press}) takes the same path as a
 * message. Outbound, one outbox per chat keeps the order of everything the gateway says (messages,
 * buttons, edits) and retries what Telegram refuses for a while (429, 5xx,
 * network), so nothing a user should see is silently dropped; only the answer to a pressed button
 * skips the queue, since the person's client waits for it.
 */
package ccgateway.telegram;
