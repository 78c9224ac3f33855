package ccgateway.telegram.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Polling mode: the next {@code update_id} a poller asks {@code getUpdates} for. */
@Entity
@Table(name = "polling_offset")
public class PollingOffset {

    @Id
    @Column(name = "poller")
    private String poller;

    @Column(name = "next_update_id", nullable = false)
    private long nextUpdateId;

    /** Epoch milliseconds. */
    @Column(name = "written_at", nullable = false)
    private long writtenAt;

    protected PollingOffset() {
    }

    public PollingOffset(String poller, long nextUpdateId, long writtenAt) {
        this.poller = poller;
        this.nextUpdateId = nextUpdateId;
        this.writtenAt = writtenAt;
    }

    public long nextUpdateId() {
        return nextUpdateId;
    }

    public void moveTo(long next, long at) {
        this.nextUpdateId = next;
        this.writtenAt = at;
    }
}
