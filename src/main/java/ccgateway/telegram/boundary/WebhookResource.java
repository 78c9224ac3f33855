package ccgateway.telegram.boundary;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.cluster.control.Peers;
import ccgateway.supervision.control.SupervisorStatus;
import ccgateway.telegram.control.Dispatcher;
import ccgateway.telegram.control.WebhookGate;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.utility.BotUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Telegram's webhook (SPEC §4): check, record, hand over, answer. Never waits for Claude.
 * Every answer but 200 is deliberate: 401 wrong secret, 400 not an update, 413 too large,
 * 503 when the update cannot be recorded (Telegram then tries again later). The 200 means the
 * update is durable (SPEC §12): its id and content are in the inbox.
 * One instance serves every request (it keeps no state of its own): a request-scoped one was
 * created and injected anew for each update.
 */
@Path("telegram/webhook")
@ApplicationScoped
public class WebhookResource {

    private static final System.Logger LOG = System.getLogger(WebhookResource.class.getName());
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    @Inject
    WebhookGate gate;

    @Inject
    Dispatcher dispatcher;

    @Inject
    SupervisorStatus supervisor;

    @Inject
    ClusterNode cluster;

    @Inject
    Peers peers;

    @POST
    public Response receive(@HeaderParam(SECRET_HEADER) String secret, InputStream body) {
        if (!gate.secretMatches(secret)) {
            throw new NotAuthorizedException("Bearer");
        }
        if (!supervisor.isStarted()) {
            // orphans of a crashed run are still being reaped, or the gateway is stopping: Telegram retries
            throw new ServiceUnavailableException(5L);
        }
        Update update = gate.parse(body).orElseThrow(() -> new BadRequestException("not a Telegram update"));
        if (cluster.clustered() && !cluster.isLeader()) {
            return viaLeader(update);
        }
        try {
            dispatcher.record(update);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "Update {0} not accepted: {1}", String.valueOf(update.updateId()), e.getMessage());
            throw new ServiceUnavailableException(5L);
        }
        return Response.ok().build();
    }

    /**
     * In a cluster the leader records and orders every update (SPEC §13): one sequencer puts a
     * chat's messages in order whichever node Telegram's load balancer chose. The 200 waits for
     * the leader's, so it still means the update is durable; without the leader, Telegram retries.
     */
    private Response viaLeader(Update update) {
        String leader = cluster.leaderUrl().orElseThrow(() -> {
            LOG.log(System.Logger.Level.WARNING, "Update {0}: the leader published no address yet; Telegram retries", String.valueOf(update.updateId()));
            return new ServiceUnavailableException(5L);
        });
        try {
            int status = peers.accept(leader, BotUtils.toJson(update));
            if (status == 200) {
                return Response.ok().build();
            }
            LOG.log(System.Logger.Level.WARNING, "Update {0}: the leader answered {1}; Telegram retries", String.valueOf(update.updateId()), status);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Update {0}: the leader not reached ({1}); Telegram retries", String.valueOf(update.updateId()), e.toString());
        }
        throw new ServiceUnavailableException(5L);
    }
}
