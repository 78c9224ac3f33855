package ccgateway.telegram.entity;

import com.pengrad.telegrambot.model.CallbackQuery;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.model.message.MaybeInaccessibleMessage;
import java.util.Optional;

/**
 * A person pressed an inline button: which one ({@code data}), under which message, by whom.
 * {@code queryId} is what the answer to the press ({@code answerCallbackQuery}) names.
 */
public record Press(long updateId, String queryId, long chatId, long userId, int messageId, String data) {

    /**
     * Empty when the update is no callback query, or one the gateway cannot act on: without data,
     * or without the message it was pressed under (inline mode, or a message too old to be shown).
     */
    public static Optional<Press> from(Update update) {
        CallbackQuery query = update.callbackQuery();
        if (query == null || query.id() == null || query.from() == null || query.from().id() == null || query.data() == null) {
            return Optional.empty();
        }
        MaybeInaccessibleMessage message = query.maybeInaccessibleMessage();
        if (message == null || message.chat() == null || message.chat().id() == null || message.messageId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Press(update.updateId(), query.id(), message.chat().id(), query.from().id(),
                message.messageId(), query.data()));
    }
}
