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

    @Inject
    Destinations destinations;

    /** A chat, or a session's topic in it: each shows its own draft. */
    private final Map<Destination.Place, Draft> chats = new ConcurrentHashMap<>();
    /** What a place's draft starts with: {@code [name] } for a session that is not the chat's active one (SPEC §11). */
    private final Map<Destination.Place, String> labels = new ConcurrentHashMap<>();
    /** Telegram animates the changes of one draft id; a new message gets a new one (never 0). */
    private final AtomicInteger ids = new AtomicInteger(new SecureRandom().nextInt(1 << 30));

    void on(@Observes SessionOutput event) {
        if (event.chatId() <= 0) {
            return;
        }
        if (event instanceof SessionOutput.Writing writing) {
            long now = System.nanoTime();
            Destination to = destinations.of(event);
            labels.put(to.place(), to.label());
            act(to.place(), draft -> draft.written(writing.session(), writing.delta(), now));
        } else if (event instanceof SessionOutput.Text || event instanceof SessionOutput.Answered
                || event instanceof SessionOutput.TurnEnded) {
            act(destinations.of(event).place(), draft -> {
                draft.complete(event.session());
                return Draft.Step.NOTHING;
            });
        }
    }

    /** Applies one change to the chat's draft (serialised per chat by the map), then does what it asks. */
    private void act(Destination.Place place, Function<Draft, Draft.Step> change) {
        Draft.Step[] step = {Draft.Step.NOTHING};
        chats.compute(place, (id, draft) -> {
            Draft current = draft != null ? draft : new Draft(this::nextId);
            step[0] = change.apply(current);
            if (current.idle(System.nanoTime())) {
                labels.remove(place);
                return null;
            }
            return current;
        });
        Draft.Step next = step[0];
        if (next.sends()) {
            sender.send(place.chatId(), place.threadId(), next.draftId(), labelled(labels.getOrDefault(place, ""), next.text()),
                    hold -> act(place, draft -> draft.finished(System.nanoTime(), hold)));
        } else if (next.waits()) {
            workers.later(Duration.ofNanos(next.waitNanos()), () -> act(place, draft -> draft.due(System.nanoTime())));
        }
    }

    /** The label, then as much of the end of the text as fits Telegram's limit with it. */
    static String labelled(String label, String text) {
        int room = Draft.LIMIT - label.length();
        if (text.length() <= room) {
            return label + text;
        }
        String end = Draft.visible(text.substring(text.length() - room));
        return label + (end == null ? "" : end);
    }

    private int nextId() {
        int id = ids.incrementAndGet() & Integer.MAX_VALUE;
        return id == 0 ? nextId() : id;
    }
}
