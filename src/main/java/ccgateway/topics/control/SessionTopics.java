package ccgateway.topics.control;

import ccgateway.topics.entity.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** What the commands ask of topics: open one for a new session, find a topic's session, close an archived one's. */
@ApplicationScoped
public class SessionTopics {

    /** Told after {@code /new} when Telegram refused the topic; the session itself was created. */
    public static final String NOT_CREATED = "Could not create a topic for session '%s'; its answers come here.";

    @Inject
    TopicMap map;

    @Inject
    ForumTopics forum;

    /**
     * Opens a topic named after the new session where the chat can have topics.
     * @return what to tell the person when it could not be made; empty when made or not possible here
     */
    public Optional<String> open(long chat, boolean forumChat, String session) {
        if (!forum.possibleIn(chat, forumChat)) {
            return Optional.empty();
        }
        Optional<Long> thread = forum.create(chat, session);
        if (thread.isEmpty()) {
            return Optional.of(String.format(NOT_CREATED, session));
        }
        map.remember(new Topic(chat, thread.get(), session));
        return Optional.empty();
    }

    /** The session a message written in that topic goes to; empty outside a session's topic. */
    public Optional<String> sessionIn(long chat, long thread) {
        return thread == 0 ? Optional.empty() : map.sessionIn(chat, thread);
    }

    /** The archived session's topics are closed and forgotten. */
    public void close(String session) {
        for (Topic topic : map.forget(session)) {
            forum.close(topic.chat(), topic.thread());
        }
    }
}
