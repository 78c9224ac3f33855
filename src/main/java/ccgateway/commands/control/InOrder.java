package ccgateway.commands.control;

import ccgateway.chat.control.MessageSplitter;
import ccgateway.conversation.control.Conversations;
import ccgateway.inbox.control.Inbox;
import ccgateway.sessions.control.SessionStore;
import ccgateway.telegram.control.Downloads;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Incoming;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * A chat's messages to a session, handed on in the order they came although a photo or document
 * first has to be downloaded (off the chat's lane: a stalled download must not freeze the chat).
 * A message that follows a file of the same chat to the same session waits for it — but at most
 * {@link #HOLD}: a file that takes longer is late, and what followed it goes on without it.
 * Commands, other sessions and other chats never wait for a download.
 */
@ApplicationScoped
public class InOrder {

    /** Telegram serves a 20 MB file in a second or two; a file slower than this no longer holds up the rest. */
    static final Duration HOLD = Duration.ofSeconds(5);

    @Inject
    Conversations conversations;

    @Inject
    Downloads downloads;

    @Inject
    SessionStore store;

    @Inject
    Outbox outbox;

    @Inject
    Workers workers;

    @Inject
    Inbox inbox;

    private record Key(long chat, String session) {
    }

    /** The last step of each chat and session still to run; touched by the chat's lane, removed when done. */
    private final Map<Key, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** A text: at once, unless a file this chat sent the session before is still on its way. */
    void text(String session, long chat, String text, long updateId) {
        inbox.claim(updateId);
        after(new Key(chat, session), CompletableFuture.completedFuture(null), () -> conversations.deliver(session, chat, text, updateId));
    }

    /** A photo or document: downloaded on a worker, then Claude is told its path (or the chat why not). */
    void file(String session, long chat, Incoming.Attachment attachment, String caption, long updateId) {
        inbox.claim(updateId);
        CompletableFuture<String> download = downloads.fetch(attachment, store.directory(session)).toCompletableFuture();
        after(new Key(chat, session), download, () -> {
            try {
                String what = attachment.kind() == Incoming.Attachment.Kind.PHOTO ? "a photo" : "a document";
                String shown = caption.isBlank() ? "" : "\n\nCaption: " + caption;
                conversations.deliver(session, chat, "The user sent " + what + ": " + download.join() + shown, updateId);
            } catch (CompletionException e) {
                String why = e.getCause() instanceof Downloads.Refused ? e.getCause().getMessage()
                        : "The file could not be downloaded. Please send it again.";
                MessageSplitter.split(why).forEach(part -> outbox.send(chat, part));
                inbox.settled(chat, List.of(updateId));
            }
        });
    }

    /**
     * Something read from the session's directory for the chat (/get), on a worker: what the chat
     * sends the session next waits until it is read, so Claude cannot change the file before.
     */
    void read(String session, long chat, CompletableFuture<?> ready, Runnable step) {
        after(new Key(chat, session), ready, step);
    }

    private void after(Key key, CompletableFuture<?> ready, Runnable step) {
        CompletableFuture<Void> previous = pending.get(key);
        if (previous == null && ready.isDone()) {
            step.run();
            return;
        }
        CompletableFuture<Void> turn = previous == null ? CompletableFuture.completedFuture(null) : heldAtMost(previous);
        CompletableFuture<Void> next = CompletableFuture.allOf(turn, ready.handle((value, failure) -> null))
                .handle((value, failure) -> {
                    step.run();
                    return null;
                });
        pending.put(key, next);
        next.whenComplete((value, failure) -> pending.remove(key, next));
    }

    private CompletableFuture<Void> heldAtMost(CompletableFuture<Void> previous) {
        CompletableFuture<Void> held = new CompletableFuture<>();
        previous.whenComplete((value, failure) -> held.complete(null));
        ScheduledFuture<?> timer = workers.later(HOLD, () -> held.complete(null));
        held.whenComplete((value, failure) -> timer.cancel(false));
        return held;
    }
}
