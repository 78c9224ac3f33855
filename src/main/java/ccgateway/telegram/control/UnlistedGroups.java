package ccgateway.telegram.control;

import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.request.LeaveChat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Groups the bot was added to but does not serve (not in {@code telegram.allowed-chats}): it
 * leaves them, once — the messages still queued behind the one that made it leave cost no call.
 * Added again later, it leaves again.
 */
@ApplicationScoped
public class UnlistedGroups {

    private static final System.Logger LOG = System.getLogger(UnlistedGroups.class.getName());

    @Inject
    TelegramSender sender;

    @Inject
    TelegramConfig config;

    @Inject
    Workers workers;

    private final OnceEvery left = new OnceEvery(Duration.ofHours(1), 10_000, System::currentTimeMillis);

    /** Leaves at once when the bot was just added; returns at once, the call is made on a container thread. */
    public void added(long chatId, long byUserId) {
        left.first(chatId);
        leave(chatId, "added by user " + byUserId);
    }

    /** A message or press from the group: leaves unless it did so within the hour. */
    public void heardFrom(long chatId) {
        if (left.first(chatId)) {
            leave(chatId, "a message came from it");
        }
    }

    private void leave(long chatId, String why) {
        if (config.token().isEmpty()) {
            return;
        }
        // ids as plain digits, to be pasted into TELEGRAM_ALLOWED_CHATS
        LOG.log(System.Logger.Level.INFO, "Leaving chat {0} ({1}): not in telegram.allowed-chats", String.valueOf(chatId), why);
        workers.run(() -> {
            SendOutcome outcome = sender.attempt(new LeaveChat(chatId));
            if (!outcome.done()) {
                LOG.log(System.Logger.Level.WARNING, "Could not leave chat {0}: {1}", String.valueOf(chatId), outcome);
            }
        });
    }
}
