package ccgateway.cluster.control;

import ccgateway.cluster.entity.NodeLoad;
import ccgateway.cluster.entity.SessionHome;
import ccgateway.commands.control.Commands;
import ccgateway.conversation.control.PendingRequests;
import ccgateway.conversation.entity.PendingRequest;
import ccgateway.sessions.control.ActiveSessions;
import ccgateway.sessions.control.ChatUser;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.SessionName;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Incoming;
import ccgateway.telegram.entity.Press;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.utility.BotUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * In a cluster, where an update is handled (SPEC §13): on the node its session lives on. The
 * leader routes each update on its chat's lane, so a chat's updates reach their nodes in order;
 * the owner adopts the update's inbox row, handles it, and sends the answers. A session whose
 * node is down answers {@link #down}. A single gateway handles everything here.
 * <p>
 * Which session an update is for: {@code /new} a new one (placed by {@link Placement}) or the one
 * it names, {@code /switch} and {@code /archive} the one they name, a button press the one whose
 * prompt it was under, anything else the person's active session, as the shared database has it.
 * {@code /help} and {@code /sessions} are answered here.
 */
@ApplicationScoped
public class Forwarding {

    private static final System.Logger LOG = System.getLogger(Forwarding.class.getName());

    /** What became of an update. */
    public enum Outcome {
        /** handle it here, as a single gateway would */
        HERE,
        /** its session's node took it, with its inbox row */
        FORWARDED,
        /** its session's node is down: the person was told; handled */
        ANSWERED
    }

    @Inject
    ClusterNode cluster;

    @Inject
    SessionHomes homes;

    @Inject
    ActiveSessions activeSessions;

    @Inject
    PendingRequests pendingRequests;

    @Inject
    Peers peers;

    @Inject
    Sessions sessions;

    @Inject
    Outbox outbox;

    /** Where an update goes: a node, the session it is for (null: a new one), and whether this node may take it instead. */
    record Target(String node, String session, boolean orHere) {
    }

    public static String down(String session, String node) {
        return "Session '" + session + "' lives on node " + node + ", which is down. It comes back with that node.";
    }

    public Outcome message(Update update, Incoming in) {
        if (!cluster.clustered()) {
            return Outcome.HERE;
        }
        Optional<String> active = activeSessions.find(new ChatUser(in.chatId(), in.userId()));
        Outcome outcome = send(update, targetOf(in, active), active, text -> outbox.send(in.chatId(), in.threadId(), text));
        if (outcome == Outcome.HERE) {
            // another node may have changed it since this one last did: handled here, it is the database's
            sessions.noteActive(in.chatId(), in.userId(), active);
        }
        return outcome;
    }

    public Outcome press(Update update, Press press) {
        if (!cluster.clustered()) {
            return Outcome.HERE;
        }
        Optional<PendingRequest> pending = pendingRequests.pendingOfPress(press.data());
        Target target = pending.map(p -> new Target(p.node(), p.sessionName(), false)).orElse(null);
        return send(update, target, Optional.empty(), text -> outbox.answerCallback(press.queryId(), text));
    }

    Target targetOf(Incoming in, Optional<String> active) {
        if (in.isCommand()) {
            String command = Commands.commandName(in.text());
            String[] args = Commands.arguments(in.text()).split("\\s+");
            String named = args[0];
            switch (command) {
                case "start", "help", "sessions" -> {
                    return null;
                }
                case "new" -> {
                    if (!SessionName.isValid(named)) {
                        return null;
                    }
                    Optional<SessionHome> home = homes.find(named);
                    if (home.isPresent()) {
                        // the node that has it says it exists; to anyone else, here says the name is taken
                        return home.get().ownerId() == in.userId() ? new Target(home.get().node(), named, false) : null;
                    }
                    return placement().map(node -> new Target(node, null, true)).orElse(null);
                }
                case "switch", "archive" -> {
                    if (args.length != 1 || !SessionName.isValid(named)) {
                        return null;
                    }
                    return homeOf(named, in.userId()).orElse(null);
                }
                default -> {
                    // the other commands are about the active session: where it lives
                }
            }
        }
        return active.flatMap(name -> homeOf(name, in.userId())).orElse(null);
    }

    private Optional<Target> homeOf(String name, long user) {
        return homes.find(name).filter(h -> h.ownerId() == user).map(h -> new Target(h.node(), h.name(), false));
    }

    /** The node with the most room among those that can be reached. */
    private Optional<String> placement() {
        List<NodeLoad> reachable = cluster.loads().stream().filter(l -> !l.url().isEmpty()).collect(Collectors.toList());
        return Placement.choose(reachable, homes.countByNode());
    }

    private Outcome send(Update update, Target target, Optional<String> active, Consumer<String> tell) {
        if (target == null || target.node().equals(cluster.nodeName())) {
            return Outcome.HERE;
        }
        Optional<String> url = cluster.urlOf(target.node());
        if (url.isPresent()) {
            try {
                int status = peers.handle(url.get(), BotUtils.toJson(update), active.orElse(""));
                if (status == 200) {
                    return Outcome.FORWARDED;
                }
                LOG.log(System.Logger.Level.WARNING, "Update {0}: node {1} answered {2}", String.valueOf(update.updateId()), target.node(), status);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Update {0}: node {1} not reached: {2}", String.valueOf(update.updateId()), target.node(), e.toString());
            }
        }
        if (target.orHere()) {
            return Outcome.HERE;
        }
        tell.accept(down(target.session(), target.node()));
        return Outcome.ANSWERED;
    }
}
