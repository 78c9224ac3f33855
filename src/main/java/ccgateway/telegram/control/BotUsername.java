package ccgateway.telegram.control;

import ccgateway.telegram.entity.Incoming;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.response.GetMeResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * The bot's own username (getMe, asked at start), so that {@code /help@our_bot} is ours and
 * {@code /help@other_bot}, in a group with several bots, is left to the other one (SPEC §10). Until
 * the name is known, an addressed command counts as another bot's: it is asked again when one comes,
 * at most every {@link #RETRY_AFTER}. The same answer says whether the bot has topics in private
 * chats ({@code has_topics_enabled}, Bot API 9.3), which decides whether {@code /new} opens one there.
 */
@ApplicationScoped
public class BotUsername {

    private static final System.Logger LOG = System.getLogger(BotUsername.class.getName());
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    @Inject
    TelegramBot bot;

    @Inject
    TelegramConfig config;

    private volatile String username;
    private volatile boolean topicsInPrivateChats;
    /** Guarded by this. */
    private long nextAsk = System.nanoTime();

    /** True for a command addressed to some other bot; blocks for a getMe only while the name is unknown. */
    public boolean addressedElsewhere(Incoming in) {
        if (!in.isCommand() || !command(in.text()).contains("@")) {
            return false;
        }
        return addressedElsewhere(in.text(), get());
    }

    static boolean addressedElsewhere(String text, Optional<String> ours) {
        String command = command(text);
        int at = command.indexOf('@');
        if (!command.startsWith("/") || at < 0) {
            return false;
        }
        String to = command.substring(at + 1);
        return ours.map(name -> !name.equalsIgnoreCase(to)).orElse(true);
    }

    private static String command(String text) {
        return text.strip().split("\\s+", 2)[0];
    }

    /** getMe's {@code has_topics_enabled}; false while getMe has not answered (asked again then, as for the name). */
    public boolean topicsInPrivateChats() {
        return get().isPresent() && topicsInPrivateChats;
    }

    public Optional<String> get() {
        String known = username;
        return known != null ? Optional.of(known) : ask();
    }

    private synchronized Optional<String> ask() {
        if (username != null) {
            return Optional.of(username);
        }
        if (config.token().isEmpty() || System.nanoTime() - nextAsk < 0) {
            return Optional.empty();
        }
        String failure;
        try {
            GetMeResponse response = bot.execute(new GetMe());
            if (response != null && response.isOk() && response.user() != null && response.user().username() != null) {
                topicsInPrivateChats = Boolean.TRUE.equals(response.user().hasTopicsEnabled());
                username = response.user().username();
                LOG.log(System.Logger.Level.INFO, "ccgateway: the bot is @{0}{1}", username,
                        topicsInPrivateChats ? ", with topics in private chats" : "");
                return Optional.of(username);
            }
            failure = response == null ? "no answer" : response.errorCode() + " " + response.description();
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
        nextAsk = System.nanoTime() + RETRY_AFTER.toNanos();
        LOG.log(System.Logger.Level.WARNING, "getMe failed ({0}): commands addressed as /cmd@bot are ignored until the bot''s name is known",
                config.redact(failure));
        return Optional.empty();
    }
}
