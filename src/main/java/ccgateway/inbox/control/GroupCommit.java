package ccgateway.inbox.control;

import ccgateway.inbox.entity.InboxMessage;
import ccgateway.inbox.entity.SeenUpdate;
import ccgateway.storage.control.Database;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The inbox's writes, several callers' in one transaction: the first caller to get the write lock
 * commits every change waiting at that moment, and finishes their tickets; the others find theirs
 * finished. At 200 updates/s most batches hold one update; in a burst, one commit serves many.
 * Changes nobody waits for (forgetting) ride along with the next batch, or go on their own soon.
 * <p>
 * With PostgreSQL the webhook waits here for its update's commit. With the embedded H2 the webhook
 * waits for {@link InboxJournal} only, which also holds what was handled since: every change but one
 * comes here lazily, many at a time. The one is a delivery (claude is about to read a message): its
 * batch is made durable at once, since H2's write delay would keep it in memory up to 500 ms, lost
 * to a kill -9.
 */
final class GroupCommit {

    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
    /** At 200 updates/s, some 50 per transaction; a reply to a command is mostly sent by then, and its update never written. */
    static final Duration LAZY = Duration.ofMillis(250);

    /** One change of the inbox, applied inside the batch's transaction. */
    interface Change {
        /** @throws RuntimeException when the change cannot be made; the batch is then tried change by change */
        void apply(EntityManager em);

        /** An update's id and content, which stand or fall together. */
        static Change accept(SeenUpdate id, InboxMessage content) {
            return em -> {
                em.persist(id);
                em.persist(content);
            };
        }

        static Change delivering(List<Long> updateIds, String session, String turnText) {
            return new Delivering(updateIds, session, turnText);
        }

        static Change forget(List<Long> updateIds) {
            return em -> {
                // a bulk delete goes to the database at once: rows persisted earlier in this batch must be there first
                em.flush();
                em.createNamedQuery(InboxMessage.FORGET).setParameter("ids", updateIds).executeUpdate();
            };
        }

        /** Keeps the newest {@code kept} ids of the ledger. */
        static Change forgetSeenBeyond(int kept) {
            return em -> {
                em.flush();
                List<Long> ages = em.createNamedQuery(SeenUpdate.AGES, Long.class).setFirstResult(kept).setMaxResults(1).getResultList();
                if (!ages.isEmpty()) {
                    em.createNamedQuery(SeenUpdate.FORGET_BEFORE).setParameter("before", ages.get(0)).executeUpdate();
                }
            };
        }
    }

    /** Messages claude is about to read: the one change the journal does not hold, so H2's file must get it at once. */
    record Delivering(List<Long> updateIds, String session, String turnText) implements Change {
        @Override
        public void apply(EntityManager em) {
            for (int i = 0; i < updateIds.size(); i++) {
                InboxMessage m = em.find(InboxMessage.class, updateIds.get(i));
                if (m != null) {
                    m.beginsTurn(session, i == 0 ? turnText : null);
                }
            }
        }
    }

    /**
     * An update journalled first (embedded H2), on its way to the database: its content is not
     * written at all when it is handled before the batch goes (most commands and refusals), its id is.
     */
    static final class Journalled implements Change {
        final SeenUpdate id;
        final InboxMessage content;
        boolean handled; // guarded by the GroupCommit

        Journalled(SeenUpdate id, InboxMessage content) {
            this.id = id;
            this.content = content;
        }

        @Override
        public void apply(EntityManager em) {
            em.persist(id);
            if (!handled) {
                em.persist(content);
            }
        }
    }

    /** A caller's change on its way; finished, accepted and failure are set by whoever committed its batch. */
    static final class Ticket {
        final Change change;
        /** Runs once the change is on disk, only if its whole batch was committed. */
        final Runnable afterCommit;
        /** Runs when the change could not be made. */
        Runnable onFailure;
        private boolean finished;
        private boolean duplicate;
        private RuntimeException failure;

        Ticket(Change change, Runnable afterCommit) {
            this.change = change;
            this.afterCommit = afterCommit;
        }

        /** Committed, and not refused as a repetition of an id already in the ledger. */
        synchronized boolean accepted() {
            return finished && failure == null && !duplicate;
        }

        synchronized RuntimeException failure() {
            return failure;
        }

        synchronized boolean finished() {
            return finished;
        }

        synchronized void finish(RuntimeException failure, boolean duplicate) {
            this.failure = failure;
            this.duplicate = duplicate;
            this.finished = true;
            notifyAll();
        }

        /** For a repetition of an id on its way: the first delivery's fate is its fate too. */
        synchronized void awaitFinished() {
            boolean interrupted = false;
            while (!finished) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Database database;
    private final Executor background;
    /** Embedded H2: what nobody waits for is written this much later, many at once (the journal holds it meanwhile). */
    private final BiConsumer<Duration, Runnable> later;
    private final Supplier<Optional<String>> full;
    private final Object writeLock = new Object();
    private List<Ticket> waiting = new ArrayList<>(); // guarded by this
    private boolean flushSoon; // guarded by this

    GroupCommit(Database database, Executor background, Supplier<Optional<String>> full) {
        this(database, background, null, full);
    }

    GroupCommit(Database database, Executor background, BiConsumer<Duration, Runnable> later, Supplier<Optional<String>> full) {
        this.later = later;
        this.database = database;
        this.background = background;
        this.full = full;
    }

    synchronized Ticket submit(Change change) {
        Ticket ticket = new Ticket(change, null);
        waiting.add(ticket);
        return ticket;
    }

    /** Queues a change nobody waits for: it goes with the next batch, or on its own soon after. */
    void submitLater(Change change) {
        submitLater(change, null);
    }

    /** The same, with what to do once it is on disk (when its whole batch was committed). */
    void submitLater(Change change, Runnable afterCommit) {
        submitLater(change, afterCommit, null);
    }

    /**
     * Forgets the messages: those still waiting to be written are written without their content,
     * and nothing else of them is done; the others are deleted with the next batch.
     */
    void forgetLater(List<Long> updateIds) {
        List<Long> written = new ArrayList<>(updateIds);
        synchronized (this) {
            for (Ticket t : waiting) {
                if (t.change instanceof Journalled j && written.remove((Long) j.id.updateId())) {
                    j.handled = true;
                }
            }
        }
        if (!written.isEmpty()) {
            submitLater(Change.forget(written));
        }
    }

    void submitLater(Change change, Runnable afterCommit, Runnable onFailure) {
        Ticket ticket = new Ticket(change, afterCommit);
        ticket.onFailure = onFailure;
        synchronized (this) {
            waiting.add(ticket);
            if (flushSoon) {
                return;
            }
            flushSoon = true;
        }
        try {
            if (later != null) {
                later.accept(LAZY, this::flush);
            } else {
                background.execute(this::flush);
            }
        } catch (RuntimeException stopping) {
            flush();
        }
    }

    /** Returns once the ticket's batch is committed (or failed). */
    void await(Ticket ticket) {
        synchronized (writeLock) {
            if (!ticket.finished()) {
                commitWaiting();
            }
        }
    }

    void flush() {
        synchronized (writeLock) {
            synchronized (this) {
                flushSoon = false;
            }
            commitWaiting();
        }
    }

    /** Called holding the write lock. */
    private void commitWaiting() {
        List<Ticket> batch;
        synchronized (this) {
            batch = waiting;
            waiting = new ArrayList<>();
        }
        if (batch.isEmpty()) {
            return;
        }
        Optional<String> fullReason = full.get();
        if (fullReason.isPresent()) {
            RuntimeException failure = new IllegalStateException(fullReason.get());
            batch.forEach(t -> t.finish(failure, false));
            batch.stream().filter(t -> t.onFailure != null).forEach(t -> t.onFailure.run());
            return;
        }
        RuntimeException failure = commit(batch);
        if (failure == null) {
            batch.forEach(t -> t.finish(null, false));
            batch.stream().filter(t -> t.afterCommit != null).forEach(t -> t.afterCommit.run());
            return;
        }
        if (batch.size() > 1) {
            // one change's failure (an id the ledger has, beyond the window in memory) must not refuse the others
            batch.forEach(t -> {
                RuntimeException own = commit(List.of(t));
                t.finish(own == null || isDuplicate(own) ? null : own, own != null && isDuplicate(own));
            });
        } else {
            batch.get(0).finish(isDuplicate(failure) ? null : failure, isDuplicate(failure));
        }
        batch.stream().filter(t -> t.failure() != null && t.onFailure != null).forEach(t -> t.onFailure.run());
        if (batch.stream().anyMatch(t -> t.failure() != null)) {
            LOG.log(System.Logger.Level.WARNING, "Inbox: a commit failed ({0}); reconnecting to the database", failure.toString());
            database.reconnect();
        }
    }

    /** @return null when committed */
    private RuntimeException commit(List<Ticket> batch) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = database.entityManager();
            tx = em.getTransaction();
            tx.begin();
            for (Ticket t : batch) {
                t.change.apply(em);
            }
            tx.commit();
            // the journal holds new updates and forgotten ones: only a delivery must reach H2's file now
            if (batch.stream().anyMatch(t -> t.change instanceof Delivering)) {
                database.makeDurable(em);
            }
            return null;
        } catch (RuntimeException e) {
            try {
                if (tx != null && tx.isActive()) {
                    tx.rollback();
                }
            } catch (RuntimeException notEvenThat) {
                e.addSuppressed(notEvenThat);
            }
            return e;
        } finally {
            if (em != null) {
                try {
                    em.close();
                } catch (RuntimeException ignored) {
                    // the connection goes back to the pool or is dropped: nothing was left half-written
                }
            }
        }
    }

    /** Writes the embedded database's file and fsyncs it: what was committed survives a power loss. */
    void checkpointSync() {
        EntityManager em = database.entityManager();
        try {
            database.makeDurableOnDisk(em);
        } finally {
            em.close();
        }
    }

    /** A unique-key violation: the id was accepted before (SQLSTATE 23505 on H2 and PostgreSQL). */
    static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
