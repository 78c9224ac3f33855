package ccgateway.commands.control;

import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.telegram.control.Allowlist;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Whose sessions are whose (SPEC §10): every command and message sees only the sender's own
 * sessions; another person's session is, to them, a session that does not exist. A session of an
 * older data dir, which recorded no owner, is the first allowed user's.
 */
@ApplicationScoped
public class Owners {

    private static final System.Logger LOG = System.getLogger(Owners.class.getName());

    @Inject
    Sessions sessions;

    @Inject
    Allowlist allowlist;

    private final AtomicBoolean toldDefaultOwner = new AtomicBoolean();

    public long ownerOf(Session session) {
        if (session.hasOwner()) {
            return session.owner();
        }
        long owner = allowlist.first().orElse(Session.NO_OWNER);
        if (toldDefaultOwner.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "Sessions that recorded no owner belong to user {0}, the first of telegram.allowed-users",
                    String.valueOf(owner));
        }
        return owner;
    }

    /** Says once, at start, who owns the sessions of an older data dir (if there are any), and gives them their groups. */
    public void tellDefaultOwner() {
        sessions.all().stream().filter(s -> !s.hasOwner()).findFirst().ifPresent(this::ownerOf);
        sessions.assignOlderGroupEntries(this::ownerOf);
    }

    public boolean owns(long user, Session session) {
        return ownerOf(session) == user;
    }

    /** The session of that name if it is the person's. */
    Optional<Session> find(long user, String name) {
        return sessions.find(name).filter(s -> owns(user, s));
    }

    /** The person's sessions, most recently active first. */
    public List<Session> of(long user) {
        return sessions.all().stream().filter(s -> owns(user, s)).collect(Collectors.toList());
    }

    /** The person's active session in the chat, if it is still theirs. */
    Optional<Session> active(long chat, long user) {
        return sessions.active(chat, user).filter(s -> owns(user, s));
    }
}
