package ccgateway.sessions.control;

import ccgateway.sessions.entity.ActiveSession;
import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import ccgateway.storage.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each person's active session per chat, in the database (SPEC §12). A data dir of the previous
 * version kept them in {@code state/active-sessions.json}: imported once, then renamed
 * {@code active-sessions.json.imported}; an unreadable one is reported and moved aside, and its
 * chats start without an active session.
 */
@ApplicationScoped
public class ActiveSessions {

    private static final System.Logger LOG = System.getLogger(ActiveSessions.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    static final String PREVIOUS_FILE = "active-sessions.json";

    @Inject
    Database database;

    @Inject
    DataDir dataDir;

    /**
     * Every entry, the previous version's file imported first.
     * @param owners each known session's owner: an older group entry names the chat alone
     */
    public Map<ChatUser, String> load(Map<String, Long> owners) {
        importPreviousVersion(owners);
        Map<ChatUser, String> active = new HashMap<>();
        EntityManager em = database.entityManager();
        try {
            for (ActiveSession a : em.createNamedQuery(ActiveSession.ALL, ActiveSession.class).getResultList()) {
                active.put(new ChatUser(a.chatId(), a.userId()), a.sessionName());
            }
        } finally {
            em.close();
        }
        return active;
    }

    /**
     * Replaces every entry with {@code active}, in one transaction, durable (also against a kill -9)
     * when this returns. The callers serialise their saves.
     * @throws RuntimeException when the database refuses; what it held stays
     */
    public void save(Map<ChatUser, String> active) {
        EntityManager em = database.entityManager();
        try {
            em.getTransaction().begin();
            em.createNamedQuery(ActiveSession.FORGET_ALL).executeUpdate();
            active.forEach((who, name) -> em.persist(new ActiveSession(who.chat(), who.user(), name)));
            em.getTransaction().commit();
            database.makeDurable(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** The person's active session in the chat as the database has it now: in a cluster, any node may have changed it. */
    public Optional<String> find(ChatUser who) {
        EntityManager em = database.entityManager();
        try {
            return Optional.ofNullable(em.find(ActiveSession.class, new ActiveSession.Key(who.chat(), who.user()))).map(ActiveSession::sessionName);
        } finally {
            em.close();
        }
    }

    /**
     * In a cluster, where every node writes the entries of its own sessions: sets those entries,
     * leaves every other, and drops the entries naming the sessions in {@code gone}.
     */
    public void saveEntries(Map<ChatUser, String> entries, Collection<String> gone) {
        database.inTransaction(em -> {
            for (String name : gone) {
                em.createNamedQuery(ActiveSession.FORGET_SESSION).setParameter("name", name).executeUpdate();
            }
            entries.forEach((who, name) -> em.merge(new ActiveSession(who.chat(), who.user(), name)));
            return null;
        });
    }

    private void importPreviousVersion(Map<String, Long> owners) {
        Path file = dataDir.state().resolve(PREVIOUS_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<ChatUser, String> old = new HashMap<>();
        try (JsonReader reader = JSON.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            JsonObject json = reader.readObject();
            json.forEach((key, name) -> {
                if (name instanceof JsonString s) {
                    old.put(ChatUser.parse(key, owners.getOrDefault(s.getString(), 0L)), s.getString());
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0} ({1}); its chats start without an active session; {2}",
                    file, e.toString(), AtomicFiles.moveAsideAndSay(file));
            return;
        }
        int added = merge(old);
        try {
            Files.move(file, file.resolveSibling(PREVIOUS_FILE + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Imported {0} but cannot rename it: {1}; it is imported again (harmlessly) at the next start",
                    file, e.toString());
        }
        LOG.log(System.Logger.Level.INFO, "Imported {0} active session(s) of the previous version from {1} ({2} new)", old.size(), file, added);
    }

    /** Adds the entries the database does not have yet: one it has is newer than the file. */
    private int merge(Map<ChatUser, String> old) {
        EntityManager em = database.entityManager();
        int added = 0;
        try {
            em.getTransaction().begin();
            for (Map.Entry<ChatUser, String> e : old.entrySet()) {
                if (em.find(ActiveSession.class, new ActiveSession.Key(e.getKey().chat(), e.getKey().user())) == null) {
                    em.persist(new ActiveSession(e.getKey().chat(), e.getKey().user(), e.getValue()));
                    added++;
                }
            }
            em.getTransaction().commit();
            database.makeDurable(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        return added;
    }
}
