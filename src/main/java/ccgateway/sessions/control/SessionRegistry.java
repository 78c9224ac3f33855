package ccgateway.sessions.control;

import ccgateway.sessions.entity.Session;
import jakarta.ejb.AccessTimeout;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every session and each chat's active session, in memory. Container-managed locks guard state
 * changes, which are pure: no file, process or network call ever runs under the WRITE lock
 * ({@link Sessions} persists after the lock is released). Nothing here is transactional: without
 * {@code NOT_SUPPORTED} the container would begin and commit a JTA transaction around every call
 * (measured under load: a fifth of the worker threads' CPU samples, most calls asking for a
 * chat's active session).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@AccessTimeout(value = 10, unit = TimeUnit.SECONDS)
public class SessionRegistry {

    private final Map<String, Session> sessions = new HashMap<>();
    /** In a group each person has their own active session: the key is the chat and the person. */
    private final Map<ChatUser, String> activeByChat = new HashMap<>();
    private final Set<String> reserved = new HashSet<>();

    @Lock(LockType.WRITE)
    public void load(List<Session> loaded, Set<String> unreadable, Map<ChatUser, String> active) {
        sessions.clear();
        loaded.forEach(s -> sessions.put(s.name(), s));
        reserved.clear();
        reserved.addAll(unreadable);
        activeByChat.clear();
        active.forEach((chat, name) -> {
            if (sessions.containsKey(name)) {
                activeByChat.put(chat, name);
            }
        });
    }

    public Optional<Session> find(String name) {
        return Optional.ofNullable(sessions.get(name));
    }

    /** Most recently active first. */
    public List<Session> all() {
        return sessions.values().stream()
                .sorted(Comparator.comparing(Session::lastActive).reversed().thenComparing(Session::name))
                .collect(Collectors.toList());
    }

    public boolean isTaken(String name) {
        return sessions.containsKey(name) || reserved.contains(name);
    }

    public Optional<String> activeName(ChatUser who) {
        return Optional.ofNullable(activeByChat.get(who));
    }

    public Map<ChatUser, String> activeByChat() {
        return Map.copyOf(activeByChat);
    }

    /** @return false when the name is taken (also by an unreadable session) */
    @Lock(LockType.WRITE)
    public boolean add(Session session) {
        if (isTaken(session.name())) {
            return false;
        }
        sessions.put(session.name(), session);
        return true;
    }

    /** A session as it was before an update, and after it. */
    public record Change(Session before, Session after) {
    }

    @Lock(LockType.WRITE)
    public Optional<Change> update(String name, UnaryOperator<Session> change) {
        Session current = sessions.get(name);
        if (current == null) {
            return Optional.empty();
        }
        Session changed = change.apply(current);
        sessions.put(name, changed);
        return Optional.of(new Change(current, changed));
    }

    @Lock(LockType.WRITE)
    public void activate(ChatUser who, String name) {
        activeByChat.put(who, name);
    }

    @Lock(LockType.WRITE)
    public void deactivate(ChatUser who) {
        activeByChat.remove(who);
    }

    /** Moves an active-session entry to another person of the same chat (an older data dir's group entry). */
    @Lock(LockType.WRITE)
    public void rekey(ChatUser from, ChatUser to) {
        String name = activeByChat.remove(from);
        if (name != null) {
            activeByChat.putIfAbsent(to, name);
        }
    }

    @Lock(LockType.WRITE)
    public Optional<Session> remove(String name) {
        activeByChat.values().removeIf(name::equals);
        return Optional.ofNullable(sessions.remove(name));
    }
}
