package ccgateway.commands.control;

import ccgateway.cluster.control.ClusterSessions;
import ccgateway.cluster.control.SessionHomes;
import ccgateway.cluster.entity.SessionHome;
import ccgateway.sessions.control.Personas;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.PermissionMode;
import ccgateway.sessions.entity.Session;
import ccgateway.sessions.entity.SessionName;
import ccgateway.conversation.control.Conversations;
import ccgateway.supervision.control.Children;
import ccgateway.topics.control.SessionTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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

    @Inject
    Owners owners;

    @Inject
    SessionTopics topics;

    @Inject
    ClusterSessions elsewhere;

    @Inject
    SessionHomes homes;

    /** {@code forumChat}: a forum supergroup, where the session also gets a topic (as in a private chat with topics). */
    String create(long chat, long user, String args, boolean forumChat) {
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
            return existing(user, name);
        }
        Optional<SessionHome> onAnotherNode = clustered() ? homes.find(name) : Optional.empty();
        if (onAnotherNode.isPresent()) {
            return existing(onAnotherNode.get().ownerId() == user, name);
        }
        if (personas.text(persona).isEmpty()) {
            List<String> available = personas.available();
            return "Persona '" + Text.shown(persona) + "' not found. Available: "
                    + (available.isEmpty() ? "none (add personas/<name>.md to the data dir)" : String.join(", ", available)) + ".";
        }
        boolean adopted = sessions.hasDirectory(name);
        Session session = Session.create(name, persona, defaultModel.map(String::trim).orElse(""), defaultIdleTimeoutSeconds,
                chat, Instant.now()).ownedBy(user).withPermissionMode(permissionModeOfNewSessions());
        // in a cluster the name is claimed for this node first: two nodes never make the same session
        if (clustered() && !homes.claim(name, elsewhere.nodeName(), user, persona)) {
            return existing(homes.find(name).map(h -> h.ownerId() == user).orElse(false), name);
        }
        try {
            if (!sessions.create(session)) {
                releaseName(name);
                return existing(user, name);
            }
        } catch (IOException e) {
            releaseName(name);
            LOG.log(System.Logger.Level.ERROR, "Cannot create session ''{0}'': {1}", name, e.toString());
            return "Could not create session '" + name + "': " + e.getMessage();
        }
        sessions.activate(chat, user, name);
        String topic = topics.open(chat, forumChat, name).map(problem -> "\n\n" + problem).orElse("");
        return "Created session '" + name + "' (persona " + persona + ")" + (adopted ? " in the directory that was there" : "")
                + ". It is now active: send a message to start." + topic;
    }

    /** Names are directories, so they are unique across people; whose a taken name is stays unsaid. */
    private String existing(long user, String name) {
        return existing(owners.find(user, name).isPresent(), name);
    }

    private static String existing(boolean theirs, String name) {
        return theirs
                ? "Session '" + name + "' already exists. Use /switch " + name + " to go back to it."
                : "The name '" + name + "' is taken. Choose another.";
    }

    private boolean clustered() {
        return elsewhere.clustered();
    }

    private void releaseName(String name) {
        if (clustered()) {
            homes.release(name, elsewhere.nodeName());
        }
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

    String switchTo(long chat, long user, String args) {
        if (args.isEmpty() || args.contains(" ")) {
            return "Usage: /switch <name>";
        }
        if (!SessionName.isValid(args) || owners.find(user, args).isEmpty()) {
            return noSuchSession(args);
        }
        sessions.activate(chat, user, args);
        return "Switched to session '" + args + "'.";
    }

    String list(long chat, long user) {
        if (clustered()) {
            return listAcrossNodes(chat, user);
        }
        List<Session> all = owners.of(user);
        if (all.isEmpty()) {
            return "No sessions. Use /new to create one.";
        }
        Optional<String> active = owners.active(chat, user).map(Session::name);
        // one call for all: one call per session through the EJB container took 200 ms for 10,000 (figure 5)
        Set<String> live = children.live(all.stream().map(Session::name).collect(Collectors.toList()));
        Instant now = Instant.now();
        return all.stream()
                .map(s -> (active.filter(s.name()::equals).isPresent() ? "→ " : "")
                        + (live.contains(s.name()) ? "🟢" : "⚪") + " " + s.name() + " (" + s.persona() + ") - "
                        + relative(s.lastActive(), now))
                .collect(Collectors.joining("\n"));
    }

    /** One line per session, whatever its node; most recently active first, those of nodes that are down last. */
    private String listAcrossNodes(long chat, long user) {
        List<Session> here = owners.of(user);
        List<ClusterSessions.Elsewhere> there = elsewhere.of(user);
        if (here.isEmpty() && there.isEmpty()) {
            return "No sessions. Use /new to create one.";
        }
        String node = elsewhere.nodeName();
        Set<String> live = children.live(here.stream().map(Session::name).collect(Collectors.toList()));
        List<ClusterSessions.Elsewhere> all = new ArrayList<>(there);
        here.forEach(s -> all.add(new ClusterSessions.Elsewhere(s.name(), node, true, s.persona(), live.contains(s.name()), s.lastActive())));
        all.sort(Comparator.comparing(ClusterSessions.Elsewhere::up).reversed()
                .thenComparing(ClusterSessions.Elsewhere::lastActive, Comparator.reverseOrder())
                .thenComparing(ClusterSessions.Elsewhere::name));
        Optional<String> active = elsewhere.active(chat, user);
        Instant now = Instant.now();
        return all.stream()
                .map(s -> (active.filter(s.name()::equals).isPresent() ? "→ " : "")
                        + (s.up()
                                ? (s.live() ? "🟢" : "⚪") + " " + s.name() + " (" + s.persona() + ") - " + relative(s.lastActive(), now) + " - node " + s.node()
                                : "⛔ " + s.name() + " - node " + s.node() + " is down"))
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

    /**
     * Archived on the session's lane (a message racing it from another chat then finds the session
     * gone instead of starting a claude under a moved directory). Messages that waited for Claude
     * are dropped and counted: delivering them first would hold the archive for whole turns.
     */
    CompletionStage<String> archive(long chat, long user, String args) {
        if (args.isEmpty() || args.contains(" ")) {
            return CompletableFuture.completedFuture("Usage: /archive <name>");
        }
        if (!SessionName.isValid(args) || owners.find(user, args).isEmpty()) {
            return CompletableFuture.completedFuture(noSuchSession(args));
        }
        boolean wasActive = owners.active(chat, user).map(Session::name).filter(args::equals).isPresent();
        return conversations.archive(args).handle((dropped, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                LOG.log(System.Logger.Level.ERROR, "Cannot archive session ''{0}'': {1}", args, cause.toString());
                return "Could not archive session '" + args + "': " + cause.getMessage();
            }
            topics.close(args);
            releaseName(args);
            return "Archived session '" + args + "'."
                    + (dropped > 0 ? " " + dropped + " waiting message(s) dropped." : "")
                    + (wasActive ? " No session is active now: use /new or /switch." : "");
        });
    }

    private static String noSuchSession(String name) {
        return "No session named '" + Text.shown(name) + "'. Use /sessions to see them.";
    }
}
