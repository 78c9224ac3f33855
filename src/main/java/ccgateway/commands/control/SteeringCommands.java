package ccgateway.commands.control;

import ccgateway.conversation.control.Steering;
import ccgateway.conversation.entity.LiveStatus;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.PermissionMode;
import ccgateway.sessions.entity.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/** The commands that steer a live Claude without restarting it (SPEC §9); each answers what the user reads. */
@ApplicationScoped
public class SteeringCommands {

    static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\[\\]-]{0,79}");
    static final String MODE_USAGE = "Usage: /mode <default|acceptEdits|plan>";

    @Inject
    Sessions sessions;

    @Inject
    Steering steering;

    CompletionStage<String> cancel(Session session) {
        return steering.cancel(session.name()).handle((cancelled, failure) -> {
            if (failure != null) {
                return "Could not cancel: " + reason(failure);
            }
            if (!cancelled.anything()) {
                return "Nothing to cancel.";
            }
            return cancelled.dropped() == 0 ? "Cancelled." : "Cancelled. " + cancelled.dropped() + " waiting message(s) dropped.";
        });
    }

    CompletionStage<String> mode(Session session, String args) {
        if (args.isEmpty()) {
            return done("Permission mode: " + session.permissionMode() + "\n\n" + MODE_USAGE);
        }
        if (!PermissionMode.isKnown(args)) {
            return done("Unknown mode. " + MODE_USAGE);
        }
        return steering.switchPermissionMode(session.name(), args).handle((live, failure) -> {
            if (failure != null) {
                return "Could not change the permission mode: " + reason(failure);
            }
            sessions.update(session.name(), s -> s.withPermissionMode(args));
            return "Permission mode set to " + args + " for session '" + session.name() + "'.";
        });
    }

    CompletionStage<String> model(Session session, String args) {
        if (args.isEmpty()) {
            String model = session.model().isBlank() ? "the CLI's default" : session.model();
            return done("Model of session '" + session.name() + "': " + model + "\n\nUsage: /model <name> (or /model default)");
        }
        if (!MODEL.matcher(args).matches()) {
            return done("Invalid model name '" + Text.shown(args) + "'.");
        }
        String model = args.equals("default") ? "" : args;
        return steering.switchModel(session.name(), model).handle((resolved, failure) -> {
            if (failure != null) {
                return "Could not switch the model: " + reason(failure);
            }
            sessions.update(session.name(), s -> s.withModel(model));
            String named = resolved.filter(r -> !r.isEmpty()).orElse(model.isEmpty() ? "the CLI's default" : model);
            return "Model of session '" + session.name() + "' set to " + named + "."
                    + (resolved.isPresent() ? "" : " Your next message continues the conversation with it.");
        });
    }

    CompletionStage<String> status(Session session) {
        return steering.status(session.name()).thenApply(live -> statusText(session, live));
    }

    static String statusText(Session session, Optional<LiveStatus> live) {
        StringBuilder text = new StringBuilder("Session '" + session.name() + "' (" + session.persona() + ")\n");
        text.append("State: ").append(live.map(l -> l.state().text()).orElse("suspended")).append('\n');
        text.append("Model: ").append(session.model().isBlank() ? "the CLI's default" : session.model()).append('\n');
        text.append("Permission mode: ").append(session.permissionMode()).append('\n');
        text.append("Cost so far: ").append(String.format(Locale.ROOT, "%.4f USD", session.costUsd())).append('\n');
        live.ifPresent(l -> {
            if (l.contextPercent().isPresent() && l.contextMaxTokens().isPresent()) {
                text.append("Context: ").append(l.contextPercent().getAsInt()).append("% of ")
                        .append(l.contextMaxTokens().getAsLong()).append(" tokens\n");
            }
            text.append("Process: pid ").append(l.pid()).append(", up ").append(uptime(l.uptime())).append('\n');
        });
        text.append("Idle timeout: ").append(session.idleTimeoutSeconds() / 60).append(" minutes");
        return text.toString();
    }

    static String uptime(Duration uptime) {
        long minutes = uptime.toMinutes();
        return minutes < 1 ? uptime.toSeconds() + " s" : minutes < 60 ? minutes + " min" : uptime.toHours() + " h " + minutes % 60 + " min";
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static CompletionStage<String> done(String text) {
        return CompletableFuture.completedFuture(text);
    }
}
