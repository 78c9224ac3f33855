package ccgateway.conversation.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.sessions.control.Personas;
import ccgateway.sessions.control.SessionStore;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.supervision.control.Children;
import ccgateway.supervision.control.ClaudeCommand;
import ccgateway.supervision.control.ClaudeLaunch;
import ccgateway.supervision.control.ClaudeProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts a session's {@code claude}: fresh, or resuming its history (SPEC §6.3) with the notice the
 * user sees first. A process that cannot start is explained to the user, never retried behind
 * their back.
 */
@ApplicationScoped
public class Launcher {

    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());
    static String unusableHistory(String session) {
        return "The saved conversation of session '" + session + "' has an id that is not a valid Claude session id, "
                + "so it cannot be resumed; Claude starts a new conversation.";
    }

    @Inject
    Sessions sessions;

    @Inject
    SessionStore store;

    @Inject
    Personas personas;

    @Inject
    ClaudeCommand claude;

    @Inject
    Children children;

    @Inject
    Event<SessionOutput> output;

    /** @return the started process, or empty when it could not start (the chat was told why) */
    Optional<ClaudeProcess> launch(Session session, Instant idleSince, long chatId, ClaudeProcess.Listener listener) {
        String name = session.name();
        Optional<Path> executable = claude.executable();
        if (executable.isEmpty()) {
            notice(name, chatId, "Could not start Claude for session '" + name + "': " + claude.unusableReason().orElse("not found"));
            return Optional.empty();
        }
        boolean resume = session.hasHistory() && ClaudeLaunch.usableHistory(session.claudeSessionId());
        if (resume) {
            notice(name, chatId, resumingText(idleSince));
        } else if (session.hasHistory()) {
            LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': the Claude session id in its metadata is not a valid id; not passed to --resume", name);
            notice(name, chatId, unusableHistory(name));
        }
        ClaudeLaunch launch = ClaudeLaunch.of(executable.get().toString(), claude.extraArgs(), session,
                personas.text(session.persona()).orElse(""), store.directory(name), children.marker(name), resume);
        try {
            ClaudeProcess process = children.start(name, launch, listener);
            sessions.update(name, s -> s.started(process.pid(), process.startTime(), Instant.now()));
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': claude started, pid {1}{2}", name,
                    String.valueOf(process.pid()), resume ? " (resumed)" : "");
            return Optional.of(process);
        } catch (Children.GatewayStopping e) {
            // the message stays in the inbox: the next start delivers it (SPEC §12)
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': not started, the gateway is stopping; its messages wait for the next start", name);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Session ''{0}'': cannot start {1}: {2}", name, executable.get(), e.toString());
            notice(name, chatId, "Could not start Claude for session '" + name + "': " + e.getMessage());
        }
        return Optional.empty();
    }

    static String resumingText(Instant lastActive) {
        Duration idle = Duration.between(lastActive, Instant.now());
        return idle.getSeconds() > 60 ? "Resuming session (idle for " + idle.toMinutes() + " min)..." : "Resuming session...";
    }

    private void notice(String name, long chatId, String text) {
        output.fire(new SessionOutput.Notice(name, chatId, text));
    }
}
