package ccgateway.chat.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.telegram.control.Allowlist;
import ccgateway.topics.control.TopicMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Finds each output's {@link Destination}: the session's topic in the chat, else the chat itself,
 * labelled unless the session is the active one of the person whose turn it is — its owner, since
 * only the owner talks to a session (SPEC §10).
 */
@ApplicationScoped
public class Destinations {

    @Inject
    TopicMap topics;

    @Inject
    Sessions sessions;

    @Inject
    Allowlist allowlist;

    Destination of(SessionOutput event) {
        long thread = topics.threadOf(event.chatId(), event.session());
        if (thread != 0 || !saysSomething(event)) {
            // typing and flushes only need the place: no session lookups on the way of every turn's end
            return new Destination(event.chatId(), thread, "");
        }
        return Destination.of(event.chatId(), thread, event.session(), activeFor(event));
    }

    /** Events that put words in the chat, which may need the label. */
    private static boolean saysSomething(SessionOutput event) {
        return event instanceof SessionOutput.Text || event instanceof SessionOutput.Writing
                || event instanceof SessionOutput.Tool || event instanceof SessionOutput.Notice
                || event instanceof SessionOutput.Prompt
                || (event instanceof SessionOutput.TurnEnded ended && ended.error() != null);
    }

    private Optional<String> activeFor(SessionOutput event) {
        // a session of an older data dir without an owner is the first allowed user's (as Owners says)
        long person = sessions.find(event.session()).filter(Session::hasOwner).map(Session::owner)
                .orElseGet(() -> allowlist.first().orElse(event.chatId()));
        return sessions.active(event.chatId(), person).map(Session::name);
    }
}
