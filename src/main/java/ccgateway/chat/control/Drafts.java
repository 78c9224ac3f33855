package ccgateway.chat.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.telegram.control.DraftSender;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Private chats see Claude's answer while it is written (SPEC §11): the text deltas update a
 * {@code sendMessageDraft} at most about every 0.5 s per chat ({@link Draft}); the complete text
 * comes as the normal messages ({@link Relay}). Drafts go past the chat's outbox queue
 * ({@link DraftSender}): a refused or slow draft is dropped and holds up no message, here or in
 * another chat. Groups have no drafts: their output is batched as before.
 */
@ApplicationScoped
public class Drafts {

    @Inject
    DraftSender sender;

    @Inject
    Workers workers;

    private final Map<Long, Draft> chats = new ConcurrentHashMap<>();
    /** Telegram animates the changes of one draft id; a new message gets a new one (never 0). */
    private final AtomicInteger ids = new AtomicInteger(new SecureRandom().nextInt(1 << 30));

    void on(@Observes SessionOutput event) {
        if (event.chatId() <= 0) {
            return;
        }
        if (event instanceof SessionOutput.Writing writing) {
            long now = System.nanoTime();
            act(event.chatId(), draft -> draft.written(writing.session(), writing.delta(), now));
        } else if (event instanceof SessionOutput.Text || event instanceof SessionOutput.Answered
                || event instanceof SessionOutput.TurnEnded) {
            act(event.chatId(), draft -> {
                draft.complete(event.session());
                return Draft.Step.NOTHING;
            });
        }
    }

    /** Applies one change to the chat's draft (serialised per chat by the map), then does what it asks. */
    private void act(long chatId, Function<Draft, Draft.Step> change) {
        Draft.Step[] step = {Draft.Step.NOTHING};
        chats.compute(chatId, (id, draft) -> {
            Draft current = draft != null ? draft : new Draft(this::nextId);
            step[0] = change.apply(current);
            return current.idle(System.nanoTime()) ? null : current;
        });
        Draft.Step next = step[0];
        if (next.sends()) {
            sender.send(chatId, next.draftId(), next.text(),
                    hold -> act(chatId, draft -> draft.finished(System.nanoTime(), hold)));
        } else if (next.waits()) {
            workers.later(Duration.ofNanos(next.waitNanos()), () -> act(chatId, draft -> draft.due(System.nanoTime())));
        }
    }

    private int nextId() {
        int id = ids.incrementAndGet() & Integer.MAX_VALUE;
        return id == 0 ? nextId() : id;
    }
}
