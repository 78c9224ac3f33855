package ccgateway.sessions.control;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.sessions.entity.Session;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The sessions as the rest of the gateway uses them: each change is made in the registry, then
 * written to disk outside its lock. Writes of one session are serialised and always write the
 * registry's current state, so a slow write can never put an older state back on disk.
 * <p>
 * A change that a restart needs (history, process, status, settings) is written at once. A change
 * of activity alone (last active, chat, cost: three of them per message) is written at most
 * {@link #ACTIVITY_WRITE_DELAY} later, together with whatever followed it: each write costs two
 * fsyncs, which on this disk stall the ledger's fsync of update ids under load (docs/BENCHMARKS.md,
 * figure 1). A kill -9 can lose that much activity, which the next turn
 * brings back (Claude reports its cost as a running total).
 */
@ApplicationScoped
public class Sessions {

    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());

    @Inject
    SessionRegistry registry;

    @Inject
    SessionStore store;

    @Inject
    ActiveSessions activeSessions;

    @Inject
    ClusterNode cluster;

    static final Duration ACTIVITY_WRITE_DELAY = Duration.ofSeconds(2);

    @Inject
    Workers workers;

    private final Map<String, Object> writeLocks = new ConcurrentHashMap<>();
    /** Sessions with activity not yet on disk; each has one write on its way. */
    private final Set<String> activityPending = ConcurrentHashMap.newKeySet();
    private final Object activeWriteLock = new Object();

    /** Reads every session from disk; called once by the supervisor before anything is served. */
    public SessionStore.Loaded load() {
        SessionStore.Loaded loaded = store.loadAll();
        registry.load(loaded.sessions(), loaded.unreadable().keySet(), readActive(loaded.sessions()));
        return loaded;
    }

    public Optional<Session> find(String name) {
        return registry.find(name);
    }

    public List<Session> all() {
        return registry.all();
    }

    /**
     * A name with a session, readable or not. A directory of that name without metadata (a project
     * cloned or linked into {@code sessions/}) is not taken: {@code /new} adopts it (SPEC §10).
     */
    public boolean isTaken(String name) {
        return registry.isTaken(name);
    }

    /** Whether the session's directory is there already, for {@code /new} to say it adopted it. */
    public boolean hasDirectory(String name) {
        return store.exists(name);
    }

    /** The person's active session in the chat (in a group each person has their own). */
    public Optional<Session> active(long chatId, long userId) {
        return registry.activeName(new ChatUser(chatId, userId)).flatMap(registry::find);
    }

    /**
     * Creates the directory and metadata; false when the name is already taken. When the metadata
     * cannot be written the session is not created: a directory without {@code session.json} would
     * be skipped at the next start while its name stays taken.
     */
    public boolean create(Session session) throws IOException {
        if (isTaken(session.name())) {
            return false;
        }
        store.createDirectories(session.name());
        if (!registry.add(session)) {
            return false;
        }
        try {
            synchronized (writeLock(session.name())) {
                store.write(session);
            }
        } catch (IOException e) {
            registry.remove(session.name());
            writeLocks.remove(session.name());
            store.removeEmptyDirectories(session.name());
            throw e;
        }
        return true;
    }

    public Optional<Session> update(String name, UnaryOperator<Session> change) {
        Optional<SessionRegistry.Change> changed = registry.update(name, change);
        changed.ifPresent(c -> {
            if (c.after().differsOnlyInActivity(c.before())) {
                persistLater(name);
            } else if (!c.after().equals(c.before())) {
                persist(name);
            }
        });
        return changed.map(SessionRegistry.Change::after);
    }

    /** Writes the activity not yet on disk, now: at shutdown, after the sessions were marked suspended. */
    public void flushActivity() {
        List.copyOf(activityPending).forEach(this::persist);
    }

    private void persistLater(String name) {
        if (activityPending.add(name)) {
            workers.later(ACTIVITY_WRITE_DELAY, () -> {
                if (activityPending.contains(name)) {
                    persist(name);
                }
            });
        }
    }

    public void activate(long chatId, long userId, String name) {
        ChatUser who = new ChatUser(chatId, userId);
        registry.activate(who, name);
        if (clustered()) {
            saveActive(Map.of(who, name), List.of());
        } else {
            persistActive();
        }
    }

    /**
     * In a cluster: the person's active session as the node that routed their update read it from
     * the shared database. Kept in memory only (the database has it): a session of this node, or
     * none of this node's when the active one lives elsewhere.
     */
    public void noteActive(long chatId, long userId, Optional<String> name) {
        ChatUser who = new ChatUser(chatId, userId);
        if (name.isPresent() && registry.find(name.get()).isPresent()) {
            registry.activate(who, name.get());
        } else {
            registry.deactivate(who);
        }
    }

    /**
     * A group's active session recorded by an older data dir names no person, and its session no
     * owner either: it becomes the entry of the person {@code ownerOf} names (SPEC §10's default
     * owner), so the group keeps its session across the upgrade.
     */
    public void assignOlderGroupEntries(ToLongFunction<Session> ownerOf) {
        boolean changed = false;
        for (Map.Entry<ChatUser, String> entry : registry.activeByChat().entrySet()) {
            Optional<Session> session = registry.find(entry.getValue());
            if (entry.getKey().user() == Session.NO_OWNER && session.isPresent()) {
                registry.rekey(entry.getKey(), new ChatUser(entry.getKey().chat(), ownerOf.applyAsLong(session.get())));
                changed = true;
            }
        }
        if (changed) {
            persistActive();
        }
    }

    /** Forgets the session and moves its directory under archive/. */
    public Path archive(String name) throws IOException {
        Path archived = store.archive(name, Instant.now());
        registry.remove(name);
        writeLocks.remove(name);
        if (clustered()) {
            saveActive(Map.of(), List.of(name));
        } else {
            persistActive();
        }
        return archived;
    }

    private void persist(String name) {
        synchronized (writeLock(name)) {
            // this write takes the registry's current state: activity waiting for its write goes with it
            activityPending.remove(name);
            registry.find(name).ifPresent(current -> {
                try {
                    store.write(current);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "Cannot write the metadata of session ''{0}'': {1}", name, e.toString());
                }
            });
        }
    }

    /** Serialises the writes of one session's metadata. */
    private Object writeLock(String name) {
        return writeLocks.computeIfAbsent(name, n -> new Object());
    }

    /**
     * Under its own lock: each save writes the registry's current entries, so an older set never
     * overtakes a newer one. In a cluster the entries of other nodes' sessions are theirs: this
     * node sets its own and leaves the rest.
     */
    private void persistActive() {
        if (clustered()) {
            saveActive(registry.activeByChat(), List.of());
            return;
        }
        synchronized (activeWriteLock) {
            try {
                activeSessions.save(registry.activeByChat());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot write the active sessions: {0}", e.toString());
            }
        }
    }

    private void saveActive(Map<ChatUser, String> entries, List<String> gone) {
        synchronized (activeWriteLock) {
            try {
                activeSessions.saveEntries(entries, gone);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot write the active sessions: {0}", e.toString());
            }
        }
    }

    private boolean clustered() {
        return cluster != null && cluster.clustered();
    }

    private Map<ChatUser, String> readActive(List<Session> known) {
        Map<String, Long> owners = new HashMap<>();
        known.forEach(s -> owners.put(s.name(), s.owner()));
        return activeSessions.load(owners);
    }
}
