package ccgateway.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** Where a session lives in a cluster (SPEC §13): its node, its owner, its persona. */
@Entity
@Table(name = "session_home")
@NamedQuery(name = SessionHome.OF_OWNER, query = "SELECT h FROM SessionHome h WHERE h.ownerId = :owner ORDER BY h.name")
@NamedQuery(name = SessionHome.COUNT_BY_NODE, query = "SELECT h.node, COUNT(h) FROM SessionHome h GROUP BY h.node")
public class SessionHome {

    public static final String OF_OWNER = "SessionHome.ofOwner";
    public static final String COUNT_BY_NODE = "SessionHome.countByNode";

    @Id
    @Column(name = "name")
    private String name;

    @Column(name = "node", nullable = false)
    private String node;

    @Column(name = "owner_id", nullable = false)
    private long ownerId;

    @Column(name = "persona", nullable = false)
    private String persona;

    protected SessionHome() {
    }

    public SessionHome(String name, String node, long ownerId, String persona) {
        this.name = name;
        this.node = node;
        this.ownerId = ownerId;
        this.persona = persona;
    }

    public String name() {
        return name;
    }

    public String node() {
        return node;
    }

    public long ownerId() {
        return ownerId;
    }

    public String persona() {
        return persona;
    }
}
