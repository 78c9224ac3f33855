package ccgateway.conversation.control;

import ccgateway.chat.control.PromptMessages;
import ccgateway.cluster.control.ClusterNode;
import ccgateway.conversation.entity.PendingRequest;
import ccgateway.storage.control.Database;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The permission requests waiting for the person, in the database (SPEC §12): a row while its
 * prompt is shown, gone once decided or withdrawn. A request lives in its claude process, which
 * does not outlive the gateway: the rows found at start are the previous run's, deleted before this
 * run shows its first prompt; a press on one finds no request and is answered "no longer pending".
 * <p>
 * A failed write is logged and the prompt goes ahead: the person is waiting, and a row too many or
 * too few changes nothing but what the next start reports.
 */
@ApplicationScoped
public class PendingRequests {

    private static final System.Logger LOG = System.getLogger(PendingRequests.class.getName());

    @Inject
    Database database;

    @Inject
    ClusterNode cluster;

    /** On a database several gateways share, this node's rows only (SPEC §13): another node's requests are alive. */
    String node = "";

    /** At deployment, not at the first prompt: the previous run's rows go before anything else happens. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the work is forgetPreviousRun's, run as this bean is created
    }

    @PostConstruct
    void forgetPreviousRun() {
        if (cluster != null) {
            node = cluster.rowOwner();
        }
        inTransaction("forget the previous run's pending requests", em -> {
            List<PendingRequest> left = em.createNamedQuery(PendingRequest.ALL, PendingRequest.class).setParameter("node", node).getResultList();
            if (!left.isEmpty()) {
                em.createNamedQuery(PendingRequest.FORGET_ALL).setParameter("node", node).executeUpdate();
                LOG.log(System.Logger.Level.INFO, "{0} permission request(s) of the previous run were still pending; "
                        + "their claude processes are gone, a press on one is answered as no longer pending", left.size());
            }
        });
    }

    /** The request's prompt is about to be shown. */
    void shown(String token, String session, String requestId, long chatId, Instant askedAt) {
        inTransaction("record a pending request", em -> em.persist(new PendingRequest(token, session, requestId, chatId, askedAt.toEpochMilli(), node)));
    }

    /** Decided, withdrawn, or its process gone. */
    void closed(String token) {
        inTransaction("forget a pending request", em -> em.createNamedQuery(PendingRequest.FORGET).setParameter("token", token).executeUpdate());
    }

    /**
     * The request a button press answers ({@code data} as the button carries it), if it is still
     * pending on any node of the cluster: its session, and the node whose claude asked.
     */
    public Optional<PendingRequest> pendingOfPress(String data) {
        int separator = data.lastIndexOf(PromptMessages.DATA_SEPARATOR);
        if (separator < 0) {
            return Optional.empty();
        }
        EntityManager em = database.entityManager();
        try {
            return Optional.ofNullable(em.find(PendingRequest.class, Pending.tokenOf(data.substring(0, separator))));
        } finally {
            em.close();
        }
    }

    /** The requests recorded as pending, oldest first. */
    List<PendingRequest> all() {
        EntityManager em = database.entityManager();
        try {
            return em.createNamedQuery(PendingRequest.ALL, PendingRequest.class).setParameter("node", node).getResultList();
        } finally {
            em.close();
        }
    }

    private void inTransaction(String what, Consumer<EntityManager> work) {
        EntityManager em = null;
        try {
            em = database.entityManager();
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot {0}: {1}", what, e.toString());
        } finally {
            if (em != null) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }
    }
}
