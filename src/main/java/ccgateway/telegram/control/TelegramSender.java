package ccgateway.telegram.control;

import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import com.google.gson.JsonParseException;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.SendResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/** One attempt at one Telegram call, its answer classified; the retry policy lives with the caller. */
@ApplicationScoped
public class TelegramSender {

    private static final System.Logger LOG = System.getLogger(TelegramSender.class.getName());
    private final AtomicBoolean unreadableLogged = new AtomicBoolean();

    @Inject
    TelegramBot bot;

    @Inject
    TelegramConfig config;

    public SendOutcome attempt(Outgoing message) {
        return attempt(OutgoingRequests.of(message));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public SendOutcome attempt(BaseRequest request) {
        BaseResponse response;
        try {
            response = bot.execute(request);
        } catch (RuntimeException e) {
            if (isUnreadableResult(e)) {
                String reason = config.redact(e.getMessage());
                if (unreadableLogged.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "The Bot API answered {0} with a result that cannot be read ({1}); "
                            + "taken as sent, not sent again (logged once)", request.getMethod(), reason);
                }
                return new SendOutcome.Unreadable(reason);
            }
            // pengrad wraps I/O errors; a non-JSON answer (a proxy's 502 page) lands here too
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new SendOutcome.Transient(config.redact(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
        return classify(response);
    }

    /**
     * pengrad parses the answer with Gson and lets its exception through unwrapped. Gson names the
     * JSON path where it failed: inside {@code $.result} means the answer was a Bot API answer with a
     * result (which it sends only for ok), not a proxy's error page or a cut connection.
     */
    static boolean isUnreadableResult(RuntimeException e) {
        return e instanceof JsonParseException && String.valueOf(e.getMessage()).contains("path $.result");
    }

    static SendOutcome classify(BaseResponse response) {
        if (response == null) {
            return new SendOutcome.Transient("empty answer");
        }
        if (response.isOk()) {
            SendResponse sent = response instanceof SendResponse s ? s : null;
            return new SendOutcome.Delivered(sent == null || sent.message() == null || sent.message().messageId() == null
                    ? 0 : sent.message().messageId());
        }
        int code = response.errorCode();
        String description = code + " " + response.description();
        if (code == 429) {
            Integer retryAfter = response.parameters() == null ? null : response.parameters().retryAfter();
            return new SendOutcome.RetryAfter(Duration.ofSeconds(retryAfter == null ? 1 : Math.max(0, retryAfter)));
        }
        if (code >= 500 || code == 0) {
            return new SendOutcome.Transient(description);
        }
        String lower = String.valueOf(response.description()).toLowerCase(Locale.ROOT);
        if (code == 400 && (lower.contains("can't parse entities") || lower.contains("can't find end"))) {
            return new SendOutcome.BadFormatting(description);
        }
        if (code == 400 && lower.contains("message is not modified")) {
            return new SendOutcome.Unchanged();
        }
        return new SendOutcome.Rejected(description);
    }
}
