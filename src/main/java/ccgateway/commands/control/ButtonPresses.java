package ccgateway.commands.control;

import ccgateway.chat.control.PromptMessages;
import ccgateway.conversation.control.Approvals;
import ccgateway.conversation.control.Conversations;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Press;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * A press of a prompt's button (SPEC §9): only the session's owner decides; a press for a request
 * that is no longer pending — answered, withdrawn, its process gone, the gateway restarted, or data
 * that names nothing — is told so and loses its buttons. A prompt that was answered is edited by the
 * conversation's own event, whoever decided it.
 */
@ApplicationScoped
public class ButtonPresses {

    static final String NOT_PENDING = "This request is no longer pending.";
    static final String NOT_AUTHORIZED = "Not authorized.";

    @Inject
    Approvals approvals;

    @Inject
    Conversations conversations;

    @Inject
    Sessions sessions;

    @Inject
    Owners owners;

    @Inject
    Outbox outbox;

    void on(@Observes Press press) {
        int separator = press.data().lastIndexOf(PromptMessages.DATA_SEPARATOR);
        String key = separator < 0 ? "" : press.data().substring(0, separator);
        Optional<Session> session = approvals.sessionOf(key).flatMap(sessions::find);
        if (session.isEmpty()) {
            noLongerPending(press);
            return;
        }
        if (!owners.owns(press.userId(), session.get())) {
            outbox.answerCallback(press.queryId(), NOT_AUTHORIZED);
            return;
        }
        conversations.answer(session.get().name(), key, press.data().substring(separator + 1)).thenAccept(outcome -> {
            if (outcome == Approvals.Outcome.ANSWERED) {
                outbox.answerCallback(press.queryId(), null);
            } else {
                noLongerPending(press);
            }
        });
    }

    private void noLongerPending(Press press) {
        outbox.answerCallback(press.queryId(), NOT_PENDING);
        outbox.removeButtons(press.chatId(), press.messageId());
    }
}
