package ccgateway.telegram.control;

import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.SendMessageDraft;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Sends draft updates ({@code sendMessageDraft}, SPEC §11), fire and forget: on a worker, past the
 * chat's {@link ChatQueue}, with a timeout of its own ({@link #TIMEOUT}), never sent again. A draft
 * is worth something only while Claude writes; a late one would show an old text, and a retried one
 * would take Telegram's rate from the real messages.
 */
@ApplicationScoped
public class DraftSender {

    private static final System.Logger LOG = System.getLogger(DraftSender.class.getName());
    /** Longer than two updates' interval: an answer later than that is worth nothing. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The longest a 429 holds a chat's drafts back: its messages go on meanwhile anyway. */
    static final Duration MAX_HOLD = Duration.ofSeconds(30);

    @Inject
    OkHttpClient http;

    @Inject
    TelegramConfig config;

    @Inject
    Workers workers;

    private TelegramBot bot;

    @PostConstruct
    void init() {
        // the shared client's connections and threads, its own deadline for the whole call
        bot = new TelegramBot.Builder(config.token().orElse(""))
                .apiUrl(config.apiUrl() + "/bot")
                .okHttpClient(http.newBuilder().callTimeout(TIMEOUT).build())
                .build();
    }

    /**
     * Shows {@code text} as the chat's draft {@code draftId}. {@code finished} is called once the
     * request is over, whatever came of it, with how long Telegram asked to wait (429) or zero.
     */
    public void send(long chatId, long threadId, int draftId, String text, Consumer<Duration> finished) {
        if (config.token().isEmpty()) {
            finished.accept(Duration.ZERO);
            return;
        }
        workers.run(() -> {
            Duration hold = Duration.ZERO;
            try {
                SendOutcome outcome;
                try {
                    outcome = TelegramSender.classify(bot.execute(threadId != 0 ? new SendMessageDraft(chatId, draftId, text).messageThreadId(threadId)
                            : new SendMessageDraft(chatId, draftId, text)));
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    outcome = new SendOutcome.Transient(config.redact(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                }
                if (outcome instanceof SendOutcome.RetryAfter retry) {
                    hold = retry.delay().compareTo(MAX_HOLD) > 0 ? MAX_HOLD : retry.delay();
                }
                if (!outcome.done()) {
                    LOG.log(System.Logger.Level.DEBUG, "Draft for chat {0} dropped: {1}", String.valueOf(chatId), outcome);
                }
            } finally {
                finished.accept(hold);
            }
        });
    }
}
