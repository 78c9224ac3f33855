package ccgateway.cluster.control;

import ccgateway.cluster.entity.SessionHome;
import ccgateway.storage.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node each session lives on, in the database every node shares (SPEC §13). A name is
 * claimed here before its directory is made, so two nodes never create the same session; it is
 * released when the session is archived. Used only in a cluster: a single gateway writes nothing here.
 */
@ApplicationScoped
public class SessionHomes {

    private static final System.Logger LOG = System.getLogger(SessionHomes.class.getName());

    @Inject
    Database database;

    /** @return false when the name is already another session's, on any node */
    public boolean claim(String name, String node, long owner, String persona) {
        try {
            return database.inTransaction(em -> {
                if (em.find(SessionHome.class, name) != null) {
                    return false;
                }
                em.persist(new SessionHome(name, node, owner, persona));
                return true;
            });
        } catch (RuntimeException e) {
            if (find(name).isPresent()) {
                // the primary key refused it: another node claimed the name between our read and our write
                LOG.log(System.Logger.Level.DEBUG, "Name ''{0}'' claimed by another node meanwhile", name);
                return false;
            }
            throw e;
        }
    }

    /** The name is free again (its session was archived, or its creation failed); only the node that holds it releases it. */
    public void release(String name, String node) {
        database.inTransaction(em -> em.createQuery("DELETE FROM SessionHome h WHERE h.name = :name AND h.node = :node")
                .setParameter("name", name).setParameter("node", node).executeUpdate());
    }

    public Optional<SessionHome> find(String name) {
        EntityManager em = database.entityManager();
        try {
            return Optional.ofNullable(em.find(SessionHome.class, name));
        } finally {
            em.close();
        }
    }

    /** The person's sessions on every node, by name. */
    public List<SessionHome> of(long owner) {
        EntityManager em = database.entityManager();
        try {
            return em.createNamedQuery(SessionHome.OF_OWNER, SessionHome.class).setParameter("owner", owner).getResultList();
        } finally {
            em.close();
        }
    }

    /** How many sessions live on each node: what placement weighs when the nodes' memory is alike. */
    public Map<String, Long> countByNode() {
        EntityManager em = database.entityManager();
        try {
            Map<String, Long> counts = new HashMap<>();
            for (Object[] row : em.createNamedQuery(SessionHome.COUNT_BY_NODE, Object[].class).getResultList()) {
                counts.put((String) row[0], ((Number) row[1]).longValue());
            }
            return counts;
        } finally {
            em.close();
        }
    }

    /**
     * At start: this node's sessions on disk, recorded as living here (those made before the node
     * joined a cluster). A name another node holds stays that node's: logged, not served from here.
     * @return the names held by another node
     */
    public List<String> register(String node, Collection<SessionHome> local) {
        return database.inTransaction(em -> {
            List<String> elsewhere = new ArrayList<>();
            for (SessionHome home : local) {
                SessionHome known = em.find(SessionHome.class, home.name());
                if (known == null) {
                    em.persist(home);
                } else if (!known.node().equals(node)) {
                    elsewhere.add(home.name() + " (node " + known.node() + ")");
                }
            }
            return elsewhere;
        });
    }
}
