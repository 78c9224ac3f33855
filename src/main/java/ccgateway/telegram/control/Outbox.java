package ccgateway.telegram.control;

import ccgateway.telegram.entity.Button;
import ccgateway.telegram.entity.Outgoing;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Everything the gateway says to a chat goes through here: messages, buttons, edits. One
 * {@link ChatQueue} per chat with something to send (dropped once it has sent everything), one call
 * in flight per chat: the order a user reads is the order the gateway wrote, and a chat in 429
 * back-off costs nothing to the others. Only the answer to a
 * pressed button skips the queue ({@link CallbackAnswers}): Telegram shows a spinner until it comes.
 */
@ApplicationScoped
public class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    @Inject
    TelegramSender sender;

    @Inject
    TelegramConfig config;

    @Inject
    Workers workers;

    @Inject
    CallbackAnswers callbackAnswers;

    private final ConcurrentMap<Long, ChatQueue> queues = new ConcurrentHashMap<>();
    /** Each chat's last message queued (typing aside), until it is sent or given up: what {@link #whenSent} waits for. */
    private final ConcurrentMap<Long, CompletionStage<Integer>> lastQueued = new ConcurrentHashMap<>();

    /** Queues the text; the stage completes with whether Telegram finally took it. */
    public CompletionStage<Boolean> send(long chatId, String text) {
        return send(chatId, 0, text);
    }

    /** Into the chat's forum topic {@code threadId} (0: none), in the chat's one order. */
    public CompletionStage<Boolean> send(long chatId, long threadId, String text) {
        return delivered(enqueue(Outgoing.plain(chatId, text).inThread(threadId), null));
    }

    public CompletionStage<Boolean> sendFormatted(long chatId, String html, String plainText) {
        return sendFormatted(chatId, 0, html, plainText);
    }

    public CompletionStage<Boolean> sendFormatted(long chatId, long threadId, String html, String plainText) {
        return delivered(enqueue(Outgoing.formatted(chatId, html, plainText).inThread(threadId), null));
    }

    /** Completes with Telegram's message id once delivered, -1 when finally undeliverable. */
    public CompletionStage<Integer> sendWithButtons(long chatId, String html, String plainText, List<List<Button>> rows) {
        return sendWithButtons(chatId, 0, html, plainText, rows);
    }

    public CompletionStage<Integer> sendWithButtons(long chatId, long threadId, String html, String plainText, List<List<Button>> rows) {
        return enqueue(Outgoing.withButtons(chatId, html, plainText, rows).inThread(threadId), null);
    }

    /**
     * New text for a message sent before (its buttons go), in the chat's order. Waits for the
     * message id; skipped (false) when that message was never delivered. Telegram's "message is
     * not modified" counts as done.
     */
    public CompletionStage<Boolean> edit(long chatId, CompletionStage<Integer> messageId, String html, String plainText) {
        return delivered(enqueue(Outgoing.editText(chatId, html, plainText), messageId));
    }

    public CompletionStage<Boolean> removeButtons(long chatId, int messageId) {
        return delivered(enqueue(Outgoing.removeButtons(chatId, messageId), null));
    }

    /** The file as a document, in the chat's order, retried as messages are; the file must stay until the stage completes. */
    public CompletionStage<Boolean> sendDocument(long chatId, long threadId, java.nio.file.Path file) {
        return delivered(enqueue(Outgoing.document(chatId, file).inThread(threadId), null));
    }

    public void typing(long chatId) {
        typing(chatId, 0);
    }

    public void typing(long chatId, long threadId) {
        enqueue(Outgoing.typingIndicator(chatId).inThread(threadId), null);
    }

    /** Answers a pressed button (text may be null: the spinner just stops); best effort, outside the chat's queue. */
    public void answerCallback(String queryId, String text) {
        if (config.token().isPresent()) {
            callbackAnswers.answer(queryId, text);
        }
    }

    CompletionStage<Integer> enqueue(Outgoing message, CompletionStage<Integer> target) {
        if (config.token().isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "Not delivered to chat {0}: no bot token configured (TELEGRAM_BOT_TOKEN)", String.valueOf(message.chatId()));
            return CompletableFuture.completedFuture(ChatQueue.UNDELIVERED);
        }
        ChatQueue.Pending pending = new ChatQueue.Pending(message, target);
        long chatId = message.chatId();
        while (true) {
            ChatQueue queue = queues.computeIfAbsent(chatId, id -> new ChatQueue(id, sender, workers, () -> retired(id)));
            synchronized (queue) {
                if (queue.add(pending)) {
                    if (!message.typing()) {
                        lastQueued.put(chatId, pending.done);
                        pending.done.whenComplete((id, failure) -> lastQueued.remove(chatId, pending.done));
                    }
                    return pending.done;
                }
            }
            // it sent its last message just now and is on its way out: its successor keeps the order
            queues.remove(chatId, queue);
        }
    }

    /**
     * Completes once everything queued for the chat so far has been sent, or given up: a chat's
     * messages leave in order, so its last one tells. What was handed to the outbox is only in
     * memory until then (the inbox keeps a message until its answer has left: SPEC §12).
     */
    public CompletionStage<Void> whenSent(long chatId) {
        CompletionStage<Integer> last = lastQueued.get(chatId);
        return last == null ? CompletableFuture.completedFuture(null) : last.handle((id, failure) -> null);
    }

    private void retired(long chatId) {
        queues.computeIfPresent(chatId, (id, queue) -> queue.hasRetired() ? null : queue);
    }

    /** Chats with something queued or in flight: for tests and benchmarks of the bound. */
    int queues() {
        return queues.size();
    }

    private static CompletionStage<Boolean> delivered(CompletionStage<Integer> result) {
        return result.thenApply(id -> id != ChatQueue.UNDELIVERED);
    }
}
