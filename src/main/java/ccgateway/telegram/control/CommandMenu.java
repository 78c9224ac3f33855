package ccgateway.telegram.control;

import ccgateway.telegram.entity.MenuEntry;
import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.model.BotCommand;
import com.pengrad.telegrambot.request.SetMyCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * The menu Telegram shows when a person types "/" ({@code setMyCommands}). A menu that could not
 * be registered costs a convenience, not a function: it is retried through 429s and outages for
 * {@link #RETRY_FOR}, then logged, and never stops the gateway.
 */
@ApplicationScoped
public class CommandMenu {

    private static final System.Logger LOG = System.getLogger(CommandMenu.class.getName());
    static final Duration RETRY_FOR = Duration.ofMinutes(10);

    @Inject
    TelegramSender sender;

    @Inject
    TelegramConfig config;

    @Inject
    Workers workers;

    /** Returns at once; the call is made on a container thread. */
    public void register(List<MenuEntry> entries) {
        if (config.token().isEmpty() || entries.isEmpty()) {
            return;
        }
        SetMyCommands request = new SetMyCommands(entries.stream()
                .map(e -> new BotCommand(e.command(), e.description())).toArray(BotCommand[]::new));
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        workers.run(() -> attempt(request, entries.size(), deadline, 1));
    }

    private void attempt(SetMyCommands request, int count, long deadline, int attempt) {
        SendOutcome outcome = sender.attempt(request);
        if (outcome.done()) {
            LOG.log(System.Logger.Level.INFO, "Command menu registered ({0} commands)", count);
            return;
        }
        Duration wait = CallbackAnswers.retryIn(outcome, attempt);
        if (wait == null || System.nanoTime() + wait.toNanos() > deadline) {
            LOG.log(System.Logger.Level.WARNING, "Command menu not registered: {0}; the commands work without it", outcome);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "Command menu: {0}; retrying in {1}", outcome, wait);
        workers.later(wait, () -> attempt(request, count, deadline, attempt + 1));
    }
}
