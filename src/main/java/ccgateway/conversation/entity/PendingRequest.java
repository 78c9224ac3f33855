package ccgateway.conversation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A permission request of Claude's shown as a prompt and not yet decided (SPEC §9, §12). The request
 * lives in its claude process: a row left by an earlier run can no longer be answered.
 */
@Entity
@Table(name = "pending_request")
@NamedQuery(name = PendingRequest.ALL, query = "SELECT p FROM PendingRequest p WHERE p.node = :node ORDER BY p.askedAt")
@NamedQuery(name = PendingRequest.FORGET, query = "DELETE FROM PendingRequest p WHERE p.token = :token")
@NamedQuery(name = PendingRequest.FORGET_ALL, query = "DELETE FROM PendingRequest p WHERE p.node = :node")
public class PendingRequest {

    public static final String ALL = "PendingRequest.all";
    public static final String FORGET = "PendingRequest.forget";
    public static final String FORGET_ALL = "PendingRequest.forgetAll";

    /** Names the request in its buttons' callback data. */
    @Id
    @Column(name = "token")
    private String token;

    @Column(name = "session_name", nullable = false)
    private String sessionName;

    @Column(name = "request_id", nullable = false)
    private String requestId;

    @Column(name = "chat_id", nullable = false)
    private long chatId;

    /** Epoch milliseconds. */
    @Column(name = "asked_at", nullable = false)
    private long askedAt;

    /** The gateway whose claude asked, in a cluster (SPEC §13); '' for a single gateway. */
    @Column(name = "node", nullable = false)
    private String node;

    protected PendingRequest() {
    }

    public PendingRequest(String token, String sessionName, String requestId, long chatId, long askedAt, String node) {
        this.node = node;
        this.token = token;
        this.sessionName = sessionName;
        this.requestId = requestId;
        this.chatId = chatId;
        this.askedAt = askedAt;
    }

    public String token() {
        return token;
    }

    public String sessionName() {
        return sessionName;
    }

    public long chatId() {
        return chatId;
    }

    /** The node whose claude asked: in a cluster, where a press on its prompt is answered. */
    public String node() {
        return node;
    }
}
