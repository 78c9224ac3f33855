package ccgateway.telegram.control;

import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Answers to pressed buttons. Not in the chat's queue: the person's client shows a spinner until
 * the answer comes, and it must not wait behind a long reply. Telegram refuses answers to a query
 * older than about 15 s, so 429s and 5xx are retried for {@link #RETRY_FOR} only.
 */
@ApplicationScoped
public class CallbackAnswers {

    private static final System.Logger LOG = System.getLogger(CallbackAnswers.class.getName());
    static final Duration RETRY_FOR = Duration.ofSeconds(10);

    @Inject
    TelegramSender sender;

    @Inject
    Workers workers;

    public void answer(String queryId, String text) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        workers.run(() -> attempt(queryId, text, deadline, 1));
    }

    private void attempt(String queryId, String text, long deadline, int attempt) {
        AnswerCallbackQuery request = new AnswerCallbackQuery(queryId);
        if (text != null) {
            request.text(text);
        }
        SendOutcome outcome = sender.attempt(request);
        Duration wait = retryIn(outcome, attempt);
        if (wait == null) {
            if (!outcome.done()) {
                LOG.log(System.Logger.Level.INFO, "Callback query not answered: {0}", outcome);
            }
            return;
        }
        if (System.nanoTime() + wait.toNanos() > deadline) {
            LOG.log(System.Logger.Level.INFO, "Callback query not answered within {0}: {1}", RETRY_FOR, outcome);
            return;
        }
        workers.later(wait, () -> attempt(queryId, text, deadline, attempt + 1));
    }

    /** @return how long to wait before trying again, or null when trying again cannot help */
    static Duration retryIn(SendOutcome outcome, int attempt) {
        if (outcome instanceof SendOutcome.RetryAfter retry) {
            return retry.delay();
        }
        if (outcome instanceof SendOutcome.Transient) {
            return ChatQueue.backoff(attempt);
        }
        return null;
    }
}
