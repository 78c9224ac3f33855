package ccgateway.inbox.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An accepted {@code update_id}: a re-delivery of it is acknowledged and ignored. */
@Entity
@Table(name = "seen_update")
@NamedQuery(name = SeenUpdate.NEWEST, query = "SELECT s.updateId FROM SeenUpdate s ORDER BY s.seenAt DESC, s.updateId DESC")
@NamedQuery(name = SeenUpdate.AGES, query = "SELECT s.seenAt FROM SeenUpdate s ORDER BY s.seenAt DESC")
@NamedQuery(name = SeenUpdate.FORGET_BEFORE, query = "DELETE FROM SeenUpdate s WHERE s.seenAt < :before")
public class SeenUpdate {

    public static final String NEWEST = "SeenUpdate.newest";
    public static final String AGES = "SeenUpdate.ages";
    public static final String FORGET_BEFORE = "SeenUpdate.forgetBefore";

    @Id
    @Column(name = "update_id")
    private long updateId;

    /** Epoch milliseconds. */
    @Column(name = "seen_at", nullable = false)
    private long seenAt;

    protected SeenUpdate() {
    }

    public SeenUpdate(long updateId, long seenAt) {
        this.updateId = updateId;
        this.seenAt = seenAt;
    }

    public long updateId() {
        return updateId;
    }
}
