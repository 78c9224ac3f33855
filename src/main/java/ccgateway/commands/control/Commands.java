package ccgateway.commands.control;

import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Incoming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;

/** Routes an allowed person's message: a command to its handler, anything else to the active session. */
@ApplicationScoped
public class Commands {

    static final String HELP = String.join("\n",
            "ccgateway: your Claude Code sessions on Telegram.",
            "",
            "/help - this list (also /start)");
    static final String NO_ACTIVE_SESSION = "No active session. Use /new to start one.";

    @Inject
    Outbox outbox;

    void on(@Observes Incoming in) {
        if (!in.isCommand()) {
            outbox.send(in.chatId(), NO_ACTIVE_SESSION);
            return;
        }
        String name = commandName(in.text());
        if (name.equals("start") || name.equals("help")) {
            outbox.send(in.chatId(), HELP);
        } else {
            outbox.send(in.chatId(), "Unknown command: /" + name + ". Send /help for the list.");
        }
    }

    /** "/Help@MyBot args" → "help": Telegram appends the bot's name to commands in groups. */
    static String commandName(String text) {
        String first = text.strip().split("\\s+", 2)[0].substring(1);
        int at = first.indexOf('@');
        return (at >= 0 ? first.substring(0, at) : first).toLowerCase(Locale.ROOT);
    }
}
