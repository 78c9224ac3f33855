package ccgateway.commands.control;

import ccgateway.sessions.entity.Session;
import ccgateway.conversation.control.Conversations;
import ccgateway.chat.control.MessageSplitter;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Connected;
import ccgateway.telegram.entity.Incoming;
import ccgateway.topics.control.SessionTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Routes an allowed person's message: a command to its handler, anything else to the session of the
 * topic it was written in, else to the active session. Answers go back where the message was written.
 */
@ApplicationScoped
public class Commands {

    static final String HELP = CommandList.help();
    public static final String NO_ACTIVE_SESSION = "No active session. Use /new to start one.";

    @Inject
    Outbox outbox;

    @Inject
    Conversations conversations;

    @Inject
    InOrder inOrder;

    @Inject
    SessionCommands sessionCommands;

    @Inject
    SteeringCommands steeringCommands;

    @Inject
    Owners owners;

    @Inject
    FilesBack filesBack;

    @Inject
    SessionTopics topics;

    void on(@Observes Connected connected) {
        owners.tellDefaultOwner();
    }

    void on(@Observes Incoming in) {
        if (in.isCommand()) {
            command(in, commandName(in.text()), arguments(in.text()));
        } else {
            message(in);
        }
    }

    private void command(Incoming in, String name, String args) {
        long chat = in.chatId();
        long user = in.userId();
        switch (name) {
            case "start":
            case "help":
                reply(in, HELP);
                break;
            case "new":
                reply(in, sessionCommands.create(chat, user, args, in.forum()));
                break;
            case "switch":
                reply(in, sessionCommands.switchTo(chat, user, args));
                break;
            case "sessions":
                reply(in, sessionCommands.list(chat, user));
                break;
            case "archive":
                sessionCommands.archive(chat, user, args).thenAccept(text -> reply(in, text));
                break;
            case "timeout":
                reply(in, withActive(in, s -> sessionCommands.timeout(s, args)));
                break;
            case "model":
                later(in, s -> steeringCommands.model(s, args));
                break;
            case "mode":
                later(in, s -> steeringCommands.mode(s, args));
                break;
            case "cancel":
                later(in, steeringCommands::cancel);
                break;
            case "status":
                later(in, steeringCommands::status);
                break;
            case "get":
                filesBack.get(chat, in.threadId(), sessionFor(in), args);
                break;
            default:
                reply(in, "Unknown command: /" + Text.shown(name) + ". Send /help for the list.");
        }
    }

    private String withActive(Incoming in, Function<Session, String> command) {
        return sessionFor(in).map(command).orElse(NO_ACTIVE_SESSION);
    }

    /** A command that needs the CLI's answer: the reply follows when it comes, the chat's lane goes on. */
    private void later(Incoming in, Function<Session, CompletionStage<String>> command) {
        Optional<Session> active = sessionFor(in);
        if (active.isEmpty()) {
            reply(in, NO_ACTIVE_SESSION);
            return;
        }
        command.apply(active.get()).thenAccept(text -> reply(in, text));
    }

    private void message(Incoming in) {
        Optional<Session> active = sessionFor(in);
        if (active.isEmpty()) {
            reply(in, NO_ACTIVE_SESSION);
            return;
        }
        String name = active.get().name();
        if (in.attachment().isPresent()) {
            inOrder.file(name, in.chatId(), in.attachment().get(), in.text(), in.updateId());
        } else if (!in.text().isBlank()) {
            inOrder.text(name, in.chatId(), in.text(), in.updateId());
        }
    }

    /** The session whose topic the message was written in, else the person's active session. */
    private Optional<Session> sessionFor(Incoming in) {
        Optional<Session> ofTopic = topics.sessionIn(in.chatId(), in.threadId()).flatMap(name -> owners.find(in.userId(), name));
        return ofTopic.isPresent() ? ofTopic : owners.active(in.chatId(), in.userId());
    }

    private void reply(Incoming in, String text) {
        for (String part : MessageSplitter.split(text)) {
            outbox.send(in.chatId(), in.threadId(), part);
        }
    }

    /** "/Help@MyBot args" → "help": Telegram appends the bot's name to commands in groups. */
    public static String commandName(String text) {
        String first = text.strip().split("\\s+", 2)[0].substring(1);
        int at = first.indexOf('@');
        return (at >= 0 ? first.substring(0, at) : first).toLowerCase(Locale.ROOT);
    }

    public static String arguments(String text) {
        String[] parts = text.strip().split("\\s+", 2);
        return parts.length > 1 ? parts[1].strip() : "";
    }
}
