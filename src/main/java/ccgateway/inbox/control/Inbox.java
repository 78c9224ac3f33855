package ccgateway.inbox.control;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.inbox.entity.InboxMessage;
import ccgateway.inbox.entity.InboxState;
import ccgateway.inbox.entity.SeenUpdate;
import ccgateway.storage.control.Database;
import ccgateway.storage.control.DataDir;
import ccgateway.telegram.control.Outbox;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.utility.BotUtils;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Every accepted update, durable before Telegram hears it was received (SPEC §12), and what became
 * of it. {@link #accept} commits the update's id and its content together, then answers: a
 * re-delivery of an id seen before is acknowledged and ignored, across restarts. A message handed
 * to a session's conversation is {@link #claim claimed}; it is marked {@link #delivering} before
 * claude reads it, and forgotten once its turn ended. Anything else is forgotten once handled.
 * What is still in the inbox at start is the previous run's unfinished business ({@code Redelivery}).
 * <p>
 * The newest {@value #REMEMBERED} ids are also kept in memory: a repetition (Telegram resends
 * what it did not see acknowledged) costs no database read.
 */
@ApplicationScoped
public class Inbox {

    private static final System.Logger LOG = System.getLogger(Inbox.class.getName());
    static final int REMEMBERED = 10_000;

    @Inject
    Database database;

    @Inject
    DataDir dataDir;

    @Inject
    Workers workers;

    @Inject
    Outbox outbox;

    @Inject
    ClusterNode cluster;

    /** Written with each message and asked for at start: on a shared database, the rows this node owns. */
    String node = "";

    /** Where the database writes and the journal's fsyncs run (container threads); without one, everything at once. */
    Executor background;
    /** How many of the newest ids the ledger keeps. */
    int remembered = REMEMBERED;
    private GroupCommit commits;
    /** The embedded database's write-ahead journal; null with PostgreSQL, which commits each update itself. */
    private InboxJournal journal;
    /** An update of the journal that the database refused: its segment is kept for the next start. */
    private volatile boolean keepJournal;
    private final LinkedHashSet<Long> seen = new LinkedHashSet<>();
    private final Map<Long, GroupCommit.Ticket> inFlight = new HashMap<>();
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
    private OptionalLong highestAtStart = OptionalLong.empty();
    private int acceptedSincePruning; // guarded by this

    @PostConstruct
    void load() {
        if (cluster != null) {
            node = cluster.rowOwner();
        }
        if (background == null && workers != null) {
            background = workers::run;
        }
        BiConsumer<Duration, Runnable> later = workers != null && database.embedded() ? workers::later : null;
        commits = new GroupCommit(database, background == null ? Runnable::run : background, later, dataDir::fullReason);
        new PreviousVersion(dataDir, database).importUpdateIds();
        if (database.embedded()) {
            journal = new InboxJournal(dataDir.state(), background, dataDir::fullReason);
            replayJournal();
        }
        EntityManager em = database.entityManager();
        try {
            List<Long> newest = em.createNamedQuery(SeenUpdate.NEWEST, Long.class).setMaxResults(remembered).getResultList();
            for (int i = newest.size() - 1; i >= 0; i--) {
                remember(newest.get(i));
            }
        } finally {
            em.close();
        }
        highestAtStart = seen.stream().mapToLong(Long::longValue).max();
    }

    /** What the previous run acknowledged but its database may not have: into the database, then the segments go. */
    private void replayJournal() {
        List<InboxJournal.Segment> segments = journal.left();
        int entries = segments.stream().mapToInt(s -> s.entries().size()).sum();
        if (segments.isEmpty()) {
            return;
        }
        Set<Long> forgotten = new HashSet<>();
        segments.forEach(s -> s.entries().stream().filter(InboxJournal.Entry::isForget).forEach(e -> forgotten.addAll(e.forget())));
        EntityManager em = database.entityManager();
        int added = 0;
        try {
            em.getTransaction().begin();
            for (InboxJournal.Segment segment : segments) {
                for (InboxJournal.Entry e : segment.entries()) {
                    if (e.isForget() || em.find(SeenUpdate.class, e.id()) != null) {
                        continue;
                    }
                    em.persist(new SeenUpdate(e.id(), e.at()));
                    if (!forgotten.contains(e.id()) && em.find(InboxMessage.class, e.id()) == null) {
                        em.persist(new InboxMessage(e.id(), e.at(), e.chat(), e.user(), e.payload(), node));
                        added++;
                    }
                }
            }
            if (!forgotten.isEmpty()) {
                // handled before the previous run's database deleted them
                em.flush();
                em.createNamedQuery(InboxMessage.FORGET).setParameter("ids", List.copyOf(forgotten)).executeUpdate();
            }
            em.getTransaction().commit();
            database.makeDurableOnDisk(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        segments.forEach(InboxJournal::done);
        LOG.log(System.Logger.Level.INFO, "Inbox journal: {0} update(s) in {1} segment(s), {2} not yet in the database",
                entries, segments.size(), added);
    }

    /**
     * Records an update: its id and its content in one transaction, committed when this returns.
     *
     * @return true the first time an id is offered, false for every repetition
     * @throws UncheckedIOException when the update cannot be recorded (a full or read-only disk, a
     *         database that refuses): it is then not accepted, and Telegram's retry finds it unseen
     */
    public boolean accept(Update update) {
        long id = update.updateId();
        GroupCommit.Ticket mine;
        boolean repetition;
        synchronized (this) {
            if (seen.contains(id)) {
                return false;
            }
            // a repetition of an id still on its way shares its fate: if that commit fails, both are refused
            mine = inFlight.get(id);
            repetition = mine != null;
            if (!repetition) {
                mine = journal == null ? commits.submit(change(update)) : new GroupCommit.Ticket(null, null);
                inFlight.put(id, mine);
            }
        }
        if (repetition) {
            mine.awaitFinished();
            if (mine.failure() != null) {
                throw new UncheckedIOException("Cannot record update " + id + ": " + mine.failure().getMessage(), new IOException(mine.failure()));
            }
            return false;
        }
        try {
            if (journal != null) {
                journalled(update, mine);
            } else {
                commits.await(mine);
            }
        } finally {
            synchronized (this) {
                // remembered before it leaves inFlight: a repetition in between must not pass as new
                if (mine.accepted()) {
                    remember(id);
                    if (++acceptedSincePruning >= remembered / 10) {
                        acceptedSincePruning = 0;
                        commits.submitLater(GroupCommit.Change.forgetSeenBeyond(remembered));
                    }
                }
                inFlight.remove(id);
            }
        }
        if (mine.failure() != null) {
            throw new UncheckedIOException("Cannot record update " + id + ": " + mine.failure().getMessage(),
                    new IOException(mine.failure()));
        }
        return mine.accepted();
    }

    private GroupCommit.Change change(Update update) {
        long now = System.currentTimeMillis();
        Chat chat = Chat.of(update);
        return GroupCommit.Change.accept(new SeenUpdate(update.updateId(), now), new InboxMessage(update.updateId(), now, chat.chatId, chat.userId, BotUtils.toJson(update), node));
    }

    /** Embedded: durable once in the journal; into the database in the background, many per transaction. */
    private void journalled(Update update, GroupCommit.Ticket ticket) {
        long now = System.currentTimeMillis();
        Chat chat = Chat.of(update);
        String payload = BotUtils.toJson(update);
        try {
            journal.append(new InboxJournal.Entry(update.updateId(), now, chat.chatId, chat.userId, payload));
        } catch (UncheckedIOException e) {
            ticket.finish(e, false);
            return;
        }
        ticket.finish(null, false);
        commits.submitLater(new GroupCommit.Journalled(new SeenUpdate(update.updateId(), now),
                new InboxMessage(update.updateId(), now, chat.chatId, chat.userId, payload, node)), null, () -> keepJournal = true);
        rotateIfFull();
    }

    /** A full segment: the older ones go once the database holds everything queued before this. */
    private void rotateIfFull() {
        journal.rotateIfFull().ifPresent(first -> commits.submitLater(em -> { }, () -> {
            commits.checkpointSync();
            if (!keepJournal) {
                journal.deleteBefore(first);
            }
        }));
    }

    /** The highest id accepted by an earlier run, as the ledger was when this one began. */
    public OptionalLong highestAtStart() {
        return highestAtStart;
    }

    /**
     * In a cluster: an update another node recorded, forwarded here because it is for a session of
     * this node. Its row becomes this node's before it is handled, so that if this node dies with
     * it unfinished, this node's next start takes it back (SPEC §12).
     */
    public void adopt(long updateId) {
        database.inTransaction(em -> em.createNamedQuery(InboxMessage.ADOPT).setParameter("node", node).setParameter("id", updateId).executeUpdate());
    }

    /** The update goes to a session's conversation, which settles it ({@link #delivering}, {@link #forget}). */
    public void claim(long updateId) {
        claimed.add(updateId);
    }

    /**
     * The update was handled where it arrived (a command, a press, a refusal): gone from the inbox,
     * unless claimed, once the answers queued for its chat have left ({@code chatId}; null: at once).
     */
    public void handled(long updateId, Long chatId) {
        if (!claimed.contains(updateId)) {
            afterAnswers(chatId, () -> forget(List.of(updateId)));
        }
    }

    /**
     * The messages were answered, or their chat was told what became of them: gone from the inbox
     * once that answer has left for Telegram. Until then a kill -9 would lose the answer with the
     * outbox, and the next start tells the chat instead (or, for a command, handles it again).
     */
    public void settled(long chatId, Collection<Long> updateIds) {
        if (!updateIds.isEmpty()) {
            List<Long> ids = List.copyOf(updateIds);
            afterAnswers(chatId, () -> forget(ids));
        }
    }

    private void afterAnswers(Long chatId, Runnable then) {
        if (chatId == null || outbox == null) {
            then.run();
        } else {
            outbox.whenSent(chatId).thenRun(then);
        }
    }

    /**
     * Marks the messages of a turn as read by claude before it reads them: whatever happens next,
     * they are never written again (their side effects must not run twice). Committed when this returns.
     * @return false when the mark could not be committed (the turn goes ahead: the person is waiting)
     */
    public boolean delivering(List<Long> updateIds, String session, String turnText) {
        if (updateIds.isEmpty()) {
            return true;
        }
        GroupCommit.Ticket ticket = commits.submit(GroupCommit.Change.delivering(updateIds, session, turnText));
        commits.await(ticket);
        if (ticket.failure() != null) {
            LOG.log(System.Logger.Level.ERROR, "Session ''{0}'': {1} message(s) not marked as read by claude: {2}; "
                    + "after a crash they would be written again", session, updateIds.size(), ticket.failure().toString());
            return false;
        }
        return true;
    }

    /** Messages whose turn ended, or which were answered in another way: gone from the inbox. */
    public void forget(Collection<Long> updateIds) {
        if (!updateIds.isEmpty()) {
            claimed.removeAll(updateIds);
            List<Long> ids = List.copyOf(updateIds);
            if (journal != null) {
                // in the journal at once, the database later: a kill -9 in between forgets them all the same
                try {
                    journal.append(InboxJournal.Entry.forgetting(ids));
                    rotateIfFull();
                } catch (UncheckedIOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Inbox: {0} handled message(s) not journalled ({1}); the database forgets them soon",
                            ids.size(), e.getMessage());
                }
            }
            commits.forgetLater(ids);
        }
    }

    /** The previous run's messages in a state, oldest first: this node's only, on a database several share. */
    public List<InboxMessage> left(InboxState state) {
        EntityManager em = database.entityManager();
        try {
            return em.createNamedQuery(InboxMessage.IN_STATE, InboxMessage.class).setParameter("state", state).setParameter("node", node).getResultList();
        } finally {
            em.close();
        }
    }

    /** The update a stored message holds. */
    public static Optional<Update> parse(InboxMessage message) {
        try {
            return Optional.ofNullable(BotUtils.parseUpdate(message.payload()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Update {0} in the inbox cannot be read: {1}", String.valueOf(message.updateId()), e.toString());
            return Optional.empty();
        }
    }

    /** Waits for what is queued (forgetting) to be committed: a graceful stop leaves nothing to the next start. */
    public void flush() {
        commits.flush();
    }

    @PreDestroy
    void close() {
        flush();
        if (journal != null) {
            journal.close();
            try {
                commits.checkpointSync();
                if (!keepJournal) {
                    journal.deleteBefore(Long.MAX_VALUE);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Inbox journal kept for the next start: {0}", e.toString());
            }
        }
    }

    private void remember(long id) {
        seen.remove(id);
        seen.add(id);
        if (seen.size() > remembered) {
            seen.remove(seen.iterator().next());
        }
    }

    /** Where an update came from, when it says. */
    private record Chat(Long chatId, Long userId) {

        static Chat of(Update update) {
            if (update.message() != null && update.message().chat() != null) {
                return new Chat(update.message().chat().id(), update.message().from() == null ? null : update.message().from().id());
            }
            if (update.callbackQuery() != null && update.callbackQuery().maybeInaccessibleMessage() != null) {
                return new Chat(update.callbackQuery().maybeInaccessibleMessage().chat().id(),
                        update.callbackQuery().from() == null ? null : update.callbackQuery().from().id());
            }
            if (update.myChatMember() != null && update.myChatMember().chat() != null) {
                return new Chat(update.myChatMember().chat().id(), update.myChatMember().from() == null ? null : update.myChatMember().from().id());
            }
            return new Chat(null, null);
        }
    }
}
