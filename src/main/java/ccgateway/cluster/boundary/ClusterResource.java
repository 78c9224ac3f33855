package ccgateway.cluster.boundary;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.cluster.control.Peers;
import ccgateway.commands.control.Owners;
import ccgateway.inbox.control.Inbox;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.supervision.control.Children;
import ccgateway.supervision.control.SupervisorStatus;
import ccgateway.telegram.control.Dispatcher;
import ccgateway.telegram.control.WebhookGate;
import ccgateway.telegram.entity.Incoming;
import com.pengrad.telegrambot.model.Update;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What the nodes of a cluster ask each other (SPEC §13), each request with the cluster secret:
 * the leader records a webhook update another node received ({@code accept}), a session's node
 * handles an update the leader routed to it ({@code handle}), and lists a person's sessions for
 * another node's {@code /sessions}. A single gateway has none of it (404); a node without a
 * secret refuses everything (fail closed).
 */
@Path("cluster")
@ApplicationScoped
public class ClusterResource {

    private static final System.Logger LOG = System.getLogger(ClusterResource.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ClusterNode cluster;

    @Inject
    WebhookGate gate;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Inbox inbox;

    @Inject
    Sessions sessions;

    @Inject
    Owners owners;

    @Inject
    Children children;

    @Inject
    SupervisorStatus supervisor;

    @POST
    @Path("accept")
    public Response accept(@HeaderParam(Peers.SECRET_HEADER) String secret, InputStream body) {
        Update update = checked(secret, body);
        try {
            dispatcher.record(update);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "Update {0} not accepted: {1}", String.valueOf(update.updateId()), e.getMessage());
            throw new ServiceUnavailableException(5L);
        }
        return Response.ok().build();
    }

    @POST
    @Path("handle")
    public Response handle(@HeaderParam(Peers.SECRET_HEADER) String secret, @HeaderParam(Peers.ACTIVE_HEADER) String active, InputStream body) {
        Update update = checked(secret, body);
        inbox.adopt(update.updateId());
        Incoming.from(update).ifPresent(in -> sessions.noteActive(in.chatId(), in.userId(), Optional.ofNullable(active).filter(a -> !a.isBlank())));
        try {
            dispatcher.handleHere(update).toCompletableFuture().get(25, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // adopted: it is this node's now, handled when its lane gets to it
            LOG.log(System.Logger.Level.WARNING, "Update {0}: not handled within 25 s: {1}", String.valueOf(update.updateId()), e.toString());
        }
        return Response.ok().build();
    }

    /** The person's sessions on this node: name, persona, whether its claude is alive, last activity (epoch ms). */
    @GET
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public String sessions(@HeaderParam(Peers.SECRET_HEADER) String secret, @QueryParam("user") long user) {
        authorize(secret);
        List<Session> mine = owners.of(user);
        Set<String> live = children.live(mine.stream().map(Session::name).collect(Collectors.toList()));
        JsonArrayBuilder list = JSON.createArrayBuilder();
        mine.forEach(s -> list.add(JSON.createObjectBuilder()
                .add("name", s.name()).add("persona", s.persona()).add("live", live.contains(s.name()))
                .add("lastActive", s.lastActive().toEpochMilli())));
        return list.build().toString();
    }

    private Update checked(String secret, InputStream body) {
        authorize(secret);
        if (!supervisor.isStarted()) {
            throw new ServiceUnavailableException(5L);
        }
        return gate.parse(body).orElseThrow(() -> new BadRequestException("not a Telegram update"));
    }

    private void authorize(String given) {
        if (!cluster.clustered()) {
            throw new NotFoundException();
        }
        Optional<String> expected = cluster.secret();
        if (expected.isEmpty() || given == null
                || !MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            LOG.log(System.Logger.Level.WARNING, "A cluster request without the cluster secret refused");
            throw new NotAuthorizedException("Cluster-Secret");
        }
    }
}
