/**
 * What the person sees in the chat: Claude's Markdown turned into Telegram's HTML, cut into
 * messages Telegram accepts, batched per chat and flushed when a turn ends; "typing…" while Claude
 * works; in private chats a draft of the message Claude is writing, dropped when Telegram refuses it
 * (it is only a preview: the message itself always follows).
 * <p>
 * Claude's Markdown is parsed by commonmark-java and rendered into the few tags Telegram's HTML
 * knows ({@code TelegramHtml}), after being cut where Telegram's length limit demands: each piece
 * keeps its Markdown, sent as plain text if Telegram refuses the markup.
 * <p>
 * It observes the conversation's {@code SessionOutput} events and speaks only through the outbox of
 * the connection, so neither the turns nor the connection know how anything looks.
 */
package ccgateway.chat;
