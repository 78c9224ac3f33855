package ccgateway.telegram.boundary;

import ccgateway.telegram.control.Dispatcher;
import ccgateway.telegram.control.TelegramConfig;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.SetWebhook;
import com.pengrad.telegrambot.response.BaseResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Webhook mode with a URL: tells Telegram where to deliver, with the secret it must send back. */
@ApplicationScoped
public class WebhookRegistration {

    private static final System.Logger LOG = System.getLogger(WebhookRegistration.class.getName());

    @Inject
    TelegramConfig config;

    @Inject
    TelegramBot bot;

    private volatile String problem;

    public void register() {
        String url = config.webhookUrl().orElseThrow();
        SetWebhook request = new SetWebhook().url(url).allowedUpdates(Dispatcher.UPDATE_TYPES.toArray(new String[0]));
        config.webhookSecret().ifPresent(request::secretToken);
        String failure;
        try {
            BaseResponse response = bot.execute(request);
            failure = response != null && response.isOk() ? null
                    : "setWebhook failed: " + (response == null ? "no answer" : response.errorCode() + " " + response.description());
        } catch (RuntimeException e) {
            failure = "setWebhook failed: " + (e.getCause() != null ? e.getCause() : e);
        }
        problem = failure == null ? null : config.redact(failure);
        if (failure == null) {
            LOG.log(System.Logger.Level.INFO, "Webhook registered at {0}", url);
        } else {
            LOG.log(System.Logger.Level.ERROR, "{0}; Telegram delivers no updates until this is fixed (TELEGRAM_WEBHOOK_URL)", problem);
        }
    }

    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
