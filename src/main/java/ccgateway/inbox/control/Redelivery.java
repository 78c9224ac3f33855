package ccgateway.inbox.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.inbox.entity.InboxMessage;
import ccgateway.inbox.entity.InboxState;
import ccgateway.telegram.control.Dispatcher;
import com.pengrad.telegrambot.model.Update;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The previous run's unfinished business, at start, before any new update (SPEC §12). A turn that
 * claude was working on is not written again — its side effects must not run twice — and its chat
 * is told; every accepted message that no claude had read yet is handed to the dispatcher again,
 * oldest first, so each chat's come in the order they were sent.
 */
@ApplicationScoped
public class Redelivery {

    private static final System.Logger LOG = System.getLogger(Redelivery.class.getName());

    @Inject
    Inbox inbox;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Event<SessionOutput> output;

    /** Opens the inbox and its database (migrating the schema); fails when another gateway holds the embedded one. */
    public void openInbox() {
        inbox.highestAtStart();
    }

    public void run() {
        List<InboxMessage> interrupted = inbox.left(InboxState.DELIVERED);
        for (InboxMessage m : interrupted) {
            if (m.turnText() != null && m.chatId() != null) {
                output.fire(new SessionOutput.Notice(m.sessionName(), m.chatId(), notice(m.turnText())));
            }
            // gone once the notice has left: a kill before that tells the chat again at the next start
            if (m.chatId() != null) {
                inbox.settled(m.chatId(), List.of(m.updateId()));
            } else {
                inbox.forget(List.of(m.updateId()));
            }
        }
        List<Update> undelivered = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        for (InboxMessage m : inbox.left(InboxState.RECEIVED)) {
            Optional<Update> update = Inbox.parse(m);
            update.ifPresentOrElse(undelivered::add, () -> unreadable.add(m.updateId()));
        }
        inbox.forget(unreadable);
        if (!interrupted.isEmpty() || !undelivered.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Inbox at start: {0} turn(s) interrupted by the restart (their chats told), {1} update(s) delivered again",
                    interrupted.stream().filter(m -> m.turnText() != null).count(), undelivered.size());
        }
        dispatcher.redeliver(undelivered);
    }

    static String notice(String turnText) {
        return "The gateway restarted while Claude was working on: \"" + turnText + "\". Send it again if you still need it.";
    }
}
