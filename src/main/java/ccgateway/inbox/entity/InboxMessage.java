package ccgateway.inbox.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An accepted update, kept as Telegram sent it until it has been handled (SPEC §12). Deleted
 * once handled: a message's text stays in the database no longer than it is needed.
 */
@Entity
@Table(name = "inbox_message")
@NamedQuery(name = InboxMessage.IN_STATE, query = "SELECT m FROM InboxMessage m WHERE m.state = :state AND m.node = :node ORDER BY m.updateId")
@NamedQuery(name = InboxMessage.MARK, query = "UPDATE InboxMessage m SET m.state = :state, m.sessionName = :session WHERE m.updateId IN :ids")
@NamedQuery(name = InboxMessage.FORGET, query = "DELETE FROM InboxMessage m WHERE m.updateId IN :ids")
@NamedQuery(name = InboxMessage.ADOPT, query = "UPDATE InboxMessage m SET m.node = :node WHERE m.updateId = :id")
public class InboxMessage {

    public static final String IN_STATE = "InboxMessage.inState";
    public static final String MARK = "InboxMessage.mark";
    public static final String FORGET = "InboxMessage.forget";
    public static final String ADOPT = "InboxMessage.adopt";
    /** The longest turn text kept for the restart notice (SPEC §12 quotes its first 60 characters). */
    public static final int TURN_TEXT = 60;

    @Id
    @Column(name = "update_id")
    private long updateId;

    /** Epoch milliseconds. */
    @Column(name = "received_at", nullable = false)
    private long receivedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private InboxState state;

    @Column(name = "chat_id")
    private Long chatId;

    @Column(name = "user_id")
    private Long userId;

    @Column(name = "session_name")
    private String sessionName;

    /** The first words of the turn this message began, on that turn's first message only. */
    @Column(name = "turn_text")
    private String turnText;

    /** The gateway that accepted it, in a cluster (SPEC §13); '' for a single gateway. */
    @Column(name = "node", nullable = false)
    private String node;

    /** The update's JSON (Telegram's field names). */
    @Column(name = "payload", nullable = false)
    private String payload;

    protected InboxMessage() {
    }

    public InboxMessage(long updateId, long receivedAt, Long chatId, Long userId, String payload, String node) {
        this.updateId = updateId;
        this.node = node;
        this.receivedAt = receivedAt;
        this.state = InboxState.RECEIVED;
        this.chatId = chatId;
        this.userId = userId;
        this.payload = payload;
    }

    public long updateId() {
        return updateId;
    }

    public InboxState state() {
        return state;
    }

    public Long chatId() {
        return chatId;
    }

    public String sessionName() {
        return sessionName;
    }

    public String turnText() {
        return turnText;
    }

    public String payload() {
        return payload;
    }

    /** This message begins a turn of {@code session} that claude is about to read. */
    public void beginsTurn(String session, String text) {
        state = InboxState.DELIVERED;
        sessionName = session;
        turnText = text == null ? null : firstCharacters(text, TURN_TEXT);
    }

    /** At most {@code n} characters, never half of a surrogate pair. */
    public static String firstCharacters(String text, int n) {
        if (text.codePointCount(0, text.length()) <= n) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, n));
    }
}
