package ccgateway.sessions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A person's active session in a chat: where their plain messages go (SPEC §10). */
@Entity
@Table(name = "active_session")
@IdClass(ActiveSession.Key.class)
@NamedQuery(name = ActiveSession.ALL, query = "SELECT a FROM ActiveSession a")
@NamedQuery(name = ActiveSession.FORGET_ALL, query = "DELETE FROM ActiveSession a")
@NamedQuery(name = ActiveSession.FORGET_SESSION, query = "DELETE FROM ActiveSession a WHERE a.sessionName = :name")
public class ActiveSession {

    public static final String ALL = "ActiveSession.all";
    public static final String FORGET_ALL = "ActiveSession.forgetAll";
    public static final String FORGET_SESSION = "ActiveSession.forgetSession";

    @Id
    @Column(name = "chat_id")
    private long chatId;

    /** In a private chat the chat's own id; {@link Session#NO_OWNER} for an older data dir's group entry not yet assigned. */
    @Id
    @Column(name = "user_id")
    private long userId;

    @Column(name = "session_name", nullable = false)
    private String sessionName;

    protected ActiveSession() {
    }

    public ActiveSession(long chatId, long userId, String sessionName) {
        this.chatId = chatId;
        this.userId = userId;
        this.sessionName = sessionName;
    }

    public long chatId() {
        return chatId;
    }

    public long userId() {
        return userId;
    }

    public String sessionName() {
        return sessionName;
    }

    /** The composite key, as JPA wants it: a class with the id fields' names, equals and hashCode. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;
        public long chatId;
        public long userId;

        public Key() {
        }

        public Key(long chatId, long userId) {
            this.chatId = chatId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.chatId == chatId && k.userId == userId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(chatId, userId);
        }
    }
}
