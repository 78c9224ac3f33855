package ccgateway.topics.control;

import ccgateway.telegram.control.BotUsername;
import ccgateway.telegram.control.TelegramConfig;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.CloseForumTopic;
import com.pengrad.telegrambot.request.CreateForumTopic;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.CreateForumTopicResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Telegram's side of topics: whether a chat can have them, and the calls that open and close one.
 * One attempt each: a topic that cannot be made is told at once (the session works without it),
 * a topic that cannot be closed only stays open.
 */
@ApplicationScoped
public class ForumTopics {

    private static final System.Logger LOG = System.getLogger(ForumTopics.class.getName());

    @Inject
    TelegramBot bot;

    @Inject
    TelegramConfig config;

    @Inject
    BotUsername me;

    /** A forum supergroup (only listed ones get this far), or a private chat (a positive id) when the bot has topics there. */
    public boolean possibleIn(long chat, boolean forum) {
        return forum || (chat > 0 && me.topicsInPrivateChats());
    }

    /** The new topic's {@code message_thread_id}; empty when Telegram did not make it. */
    public Optional<Long> create(long chat, String name) {
        String failure;
        try {
            CreateForumTopicResponse response = bot.execute(new CreateForumTopic(chat, name));
            if (response != null && response.isOk() && response.forumTopic() != null && response.forumTopic().messageThreadId() != null) {
                return Optional.of(response.forumTopic().messageThreadId());
            }
            failure = response == null ? "no answer" : response.errorCode() + " " + response.description();
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
        LOG.log(System.Logger.Level.WARNING, "Chat {0}: createForumTopic failed ({1}); the session goes on without a topic",
                String.valueOf(chat), config.redact(failure));
        return Optional.empty();
    }

    public void close(long chat, long thread) {
        String failure;
        try {
            BaseResponse response = bot.execute(new CloseForumTopic(chat, thread));
            if (response != null && response.isOk()) {
                return;
            }
            failure = response == null ? "no answer" : response.errorCode() + " " + response.description();
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
        LOG.log(System.Logger.Level.WARNING, "Chat {0}: closeForumTopic {1} failed ({2}); the topic stays open",
                String.valueOf(chat), String.valueOf(thread), config.redact(failure));
    }
}
