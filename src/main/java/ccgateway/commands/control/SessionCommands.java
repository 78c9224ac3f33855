package ccgateway.commands.control;

import ccgateway.sessions.control.Personas;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.PermissionMode;
import ccgateway.sessions.entity.Session;
import ccgateway.sessions.entity.SessionName;
import ccgateway.conversation.control.Conversations;
import ccgateway.supervision.control.Children;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The session commands of SPEC §4; each returns what the user reads. */
@ApplicationScoped
public class SessionCommands {

    private static final System.Logger LOG = System.getLogger(SessionCommands.class.getName());

    @Inject
    @ConfigProperty(name = "gateway.idle-timeout-seconds", defaultValue = "600")
    long defaultIdleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "claude.model")
    Optional<String> defaultModel;

    @Inject
    @ConfigProperty(name = "claude.permission-mode", defaultValue = Session.DEFAULT_MODE)
    String defaultPermissionMode;

    @Inject
    Sessions sessions;

    @Inject
    Personas personas;

    @Inject
    Conversations conversations;

    @Inject
    Children children;

    String create(long chat, long user, String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split("\\s+");
        if (words.length == 0 || words.length > 2) {
            return "Usage: /new <name> [persona]";
        }
        String name = words[0];
        String persona = words.length > 1 ? words[1] : Personas.DEFAULT;
        if (!SessionName.isValid(name)) {
            return "Invalid session name '" + Text.shown(name) + "'. A name has " + SessionName.RULE + ".";
        }
        if (sessions.isTaken(name)) {
            return "Session '" + name + "' already exists. Use /switch " + name + " to go back to it.";
        }
        if (personas.text(persona).isEmpty()) {
            List<String> available = personas.available();
            return "Persona '" + Text.shown(persona) + "' not found. Available: "
                    + (available.isEmpty() ? "none (add personas/<name>.md to the data dir)" : String.join(", ", available)) + ".";
        }
        Session session = Session.create(name, persona, defaultModel.map(String::trim).orElse(""), defaultIdleTimeoutSeconds,
                chat, Instant.now()).ownedBy(user).withPermissionMode(permissionModeOfNewSessions());
        try {
            if (!sessions.create(session)) {
                return "Session '" + name + "' already exists. Use /switch " + name + " to go back to it.";
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot create session ''{0}'': {1}", name, e.toString());
            return "Could not create session '" + name + "': " + e.getMessage();
        }
        sessions.activate(chat, name);
        return "Created session '" + name + "' (persona " + persona + "). It is now active: send a message to start.";
    }

    private String permissionModeOfNewSessions() {
        String mode = defaultPermissionMode.strip();
        if (PermissionMode.isKnown(mode)) {
            return mode;
        }
        LOG.log(System.Logger.Level.WARNING, "claude.permission-mode ''{0}'' is not one of {1}: new sessions get default",
                mode, PermissionMode.CHOOSABLE);
        return Session.DEFAULT_MODE;
    }

    String switchTo(long chat, String args) {
        if (args.isEmpty() || args.contains(" ")) {
            return "Usage: /switch <name>";
        }
        if (!SessionName.isValid(args) || sessions.find(args).isEmpty()) {
            return "No session named '" + Text.shown(args) + "'. Use /sessions to see them.";
        }
        sessions.activate(chat, args);
        return "Switched to session '" + args + "'.";
    }

    String list(long chat) {
        List<Session> all = sessions.all();
        if (all.isEmpty()) {
            return "No sessions. Use /new to create one.";
        }
        Optional<String> active = sessions.active(chat).map(Session::name);
        // one call for all: one call per session through the EJB container took 200 ms for 10,000 (figure 5)
        Set<String> live = children.live(all.stream().map(Session::name).collect(Collectors.toList()));
        Instant now = Instant.now();
        return all.stream()
                .map(s -> (active.filter(s.name()::equals).isPresent() ? "→ " : "")
                        + (live.contains(s.name()) ? "🟢" : "⚪") + " " + s.name() + " (" + s.persona() + ") - "
                        + relative(s.lastActive(), now))
                .collect(Collectors.joining("\n"));
    }

    static String relative(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m ago";
        }
        if (seconds < 86400) {
            return (seconds / 3600) + "h ago";
        }
        return (seconds / 86400) + "d ago";
    }

    String timeout(Session session, String args) {
        if (args.isEmpty()) {
            return "Idle timeout: " + (session.idleTimeoutSeconds() / 60) + " minutes\n\nUsage: /timeout <minutes> (1-120)";
        }
        int minutes;
        try {
            minutes = Integer.parseInt(args);
        } catch (NumberFormatException e) {
            return "Invalid number. Usage: /timeout <minutes>";
        }
        if (minutes < 1 || minutes > 120) {
            return "Timeout must be between 1 and 120 minutes";
        }
        sessions.update(session.name(), s -> s.withIdleTimeout(minutes * 60L));
        conversations.rearm(session.name());
        return "Idle timeout set to " + minutes + " minutes for session '" + session.name() + "'.";
    }

    String archive(long chat, String args) {
        if (args.isEmpty() || args.contains(" ")) {
            return "Usage: /archive <name>";
        }
        if (!SessionName.isValid(args) || sessions.find(args).isEmpty()) {
            return "No session named '" + Text.shown(args) + "'. Use /sessions to see them.";
        }
        boolean wasActive = sessions.active(chat).map(Session::name).filter(args::equals).isPresent();
        conversations.stop(args).toCompletableFuture().join();
        try {
            sessions.archive(args);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot archive session ''{0}'': {1}", args, e.toString());
            return "Could not archive session '" + args + "': " + e.getMessage();
        }
        return "Archived session '" + args + "'." + (wasActive ? " No session is active now: use /new or /switch." : "");
    }
}
