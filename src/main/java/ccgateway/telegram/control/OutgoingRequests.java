package ccgateway.telegram.control;

import ccgateway.telegram.entity.Button;
import ccgateway.telegram.entity.Outgoing;
import com.pengrad.telegrambot.model.request.ChatAction;
import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.model.request.ParseMode;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.request.EditMessageReplyMarkup;
import com.pengrad.telegrambot.request.EditMessageText;
import com.pengrad.telegrambot.request.SendChatAction;
import com.pengrad.telegrambot.request.SendDocument;
import com.pengrad.telegrambot.request.SendMessage;
import java.util.List;

/** The Bot API call for each kind of {@link Outgoing}. */
final class OutgoingRequests {

    private OutgoingRequests() {
    }

    static BaseRequest<?, ?> of(Outgoing out) {
        switch (out.kind()) {
            case TYPING:
                SendChatAction typing = new SendChatAction(out.chatId(), ChatAction.typing);
                return out.threadId() != 0 ? typing.messageThreadId(out.threadId()) : typing;
            case EDIT_TEXT:
                // without reply_markup Telegram drops the message's inline keyboard: the prompt is answered
                EditMessageText edit = new EditMessageText(out.chatId(), out.messageId(), body(out));
                return out.isFormatted() ? edit.parseMode(ParseMode.HTML) : edit;
            case REMOVE_BUTTONS:
                return new EditMessageReplyMarkup(out.chatId(), out.messageId());
            case DOCUMENT:
                SendDocument document = new SendDocument(out.chatId(), new java.io.File(out.text()));
                return out.threadId() != 0 ? document.messageThreadId(out.threadId()) : document;
            case MESSAGE:
            default:
                SendMessage send = new SendMessage(out.chatId(), body(out));
                if (out.isFormatted()) {
                    send.parseMode(ParseMode.HTML);
                }
                if (!out.buttons().isEmpty()) {
                    send.replyMarkup(keyboard(out.buttons()));
                }
                if (out.threadId() != 0) {
                    send.messageThreadId(out.threadId());
                }
                return send;
        }
    }

    private static String body(Outgoing out) {
        return out.isFormatted() ? out.html() : out.text();
    }

    static InlineKeyboardMarkup keyboard(List<List<Button>> rows) {
        InlineKeyboardButton[][] keyboard = rows.stream()
                .map(row -> row.stream()
                        .map(b -> new InlineKeyboardButton(b.text()).callbackData(b.callbackData()))
                        .toArray(InlineKeyboardButton[]::new))
                .toArray(InlineKeyboardButton[][]::new);
        return new InlineKeyboardMarkup(keyboard);
    }
}
