package ccgateway.telegram.control;

import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Remembers which {@code update_id}s were accepted, across restarts, so that Telegram's
 * re-deliveries are acknowledged and ignored. An id is written to the journal before the webhook
 * answers: once Telegram has its 200, a restart of the gateway, a crash or a kill -9 included, can
 * no longer bring the update back (the kernel keeps what was written; only the machine itself
 * going down can lose it).
 * <p>
 * Against that, the fsync follows at once, in the background: at most one fsync's time of ids is
 * exposed to a power loss. An fsync before the 200 would make every request arriving during one
 * of this disk's fsync stalls (tens of ms, a few times a minute under load) wait for it: figure
 * 1's p99 is 27 ms that way, 17 ms without (docs/DESIGN.md, "Durability of update ids").
 * Should a background fsync fail, every later id is fsynced before its 200 again, and refused with
 * it, until an fsync succeeds.
 * <p>
 * The journal is an append-only file of ids, compacted atomically to the newest {@value #REMEMBERED}.
 * No "below the highest id" rule is used: Telegram restarts ids at random after a week of silence.
 */
@ApplicationScoped
public class UpdateLedger {

    private static final System.Logger LOG = System.getLogger(UpdateLedger.class.getName());
    static final int REMEMBERED = 10_000;

    @Inject
    DataDir dataDir;

    @Inject
    Workers workers;

    /** Where the background fsyncs run (a container thread); without one, each write is fsynced before its 200. */
    Executor syncs;

    private final LinkedHashSet<Long> seen = new LinkedHashSet<>();
    private OptionalLong highestAtStart = OptionalLong.empty();
    private final Map<Long, Ticket> inFlight = new HashMap<>();
    private List<Ticket> waiting = new ArrayList<>();
    /** Held while writing; guards the journal, the appender and the compaction counter. */
    private final Object writeLock = new Object();
    private Path journal;
    private FileChannel appender;
    private int appendedSinceCompaction; // guarded by writeLock
    /** Guarded by this: written ids wait for an fsync; one fsync loop is running; the last one failed. */
    private boolean unsynced;
    private boolean syncing;
    private IOException syncFailure;

    @PostConstruct
    void load() {
        if (syncs == null && workers != null) {
            syncs = workers::run;
        }
        journal = dataDir.state().resolve("update-ids");
        try {
            if (Files.exists(journal)) {
                String content = Files.readString(journal, StandardCharsets.US_ASCII);
                // only whole lines: an id counts once its newline is on disk (a crash or a full disk can cut one short)
                content.substring(0, content.lastIndexOf('\n') + 1).lines().forEach(this::remember);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0}: {1}; duplicates of earlier updates may be handled again", journal, e.toString());
        }
        highestAtStart = seen.stream().mapToLong(Long::longValue).max();
    }

    private void remember(String line) {
        try {
            add(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            // not an id (an empty line); nothing that was acknowledged
        }
    }

    /** One caller's id on its way to disk; finished and failure are set by whoever wrote its batch. */
    private static final class Ticket {
        final long id;
        boolean finished;
        UncheckedIOException failure;

        Ticket(long id) {
            this.id = id;
        }
    }

    /**
     * Group commit: the first caller to get the write lock appends every id waiting at that moment
     * with one write, and finishes their tickets; the others find theirs finished. No update is
     * acknowledged before its id is written.
     *
     * @return true the first time an id is offered, false for every repetition
     * @throws UncheckedIOException when the id cannot be written (or fsynced, after a failed
     *         background fsync), or the data dir is full (the update's consequences could not be
     *         kept): the update is then not accepted, and Telegram's retry finds it still unseen
     */
    public boolean firstSeen(long updateId) {
        Ticket mine;
        boolean repetition;
        synchronized (this) {
            if (seen.contains(updateId)) {
                return false;
            }
            // a repetition of an id still on its way shares its fate: if that write fails, both are
            // refused, or the repetition's 200 would stand for an update that was never recorded
            mine = inFlight.get(updateId);
            repetition = mine != null;
            if (!repetition) {
                mine = new Ticket(updateId);
                inFlight.put(updateId, mine);
                waiting.add(mine);
            }
        }
        synchronized (writeLock) {
            if (!mine.finished) {
                writeWaiting();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return !repetition;
    }

    private void writeWaiting() {
        List<Ticket> batch;
        List<Long> snapshot = null;
        synchronized (this) {
            batch = waiting;
            waiting = new ArrayList<>();
            if (appendedSinceCompaction >= REMEMBERED) {
                snapshot = new ArrayList<>(seen);
            }
        }
        UncheckedIOException failure = null;
        boolean syncNow = mustSyncNow();
        try {
            Optional<String> full = dataDir.fullReason();
            if (full.isPresent()) {
                throw new IOException(full.get());
            }
            append(batch, snapshot, syncNow);
        } catch (IOException e) {
            closeAppender();
            failure = new UncheckedIOException("Cannot record " + batch.size() + " update id(s) in " + journal + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            for (Ticket ticket : batch) {
                inFlight.remove(ticket.id);
                if (failure == null) {
                    add(ticket.id);
                }
                ticket.failure = failure;
                ticket.finished = true;
            }
            if (failure == null && !syncNow) {
                syncSoon();
            }
        }
    }

    /** True when the background cannot be trusted with the fsync: there is none, or its last one failed. */
    private synchronized boolean mustSyncNow() {
        return syncs == null || syncFailure != null;
    }

    /** Called holding this: one fsync loop at a time, and it runs until nothing written waits for it. */
    private void syncSoon() {
        unsynced = true;
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            syncs.execute(this::syncWhileUnsynced);
        } catch (RuntimeException refused) {
            syncing = false; // stopping: the kernel writes the page cache back by itself
        }
    }

    private void syncWhileUnsynced() {
        while (true) {
            FileChannel channel;
            synchronized (this) {
                if (!unsynced) {
                    syncing = false;
                    return;
                }
                unsynced = false;
                channel = appender;
            }
            try {
                if (channel != null) {
                    channel.force(false);
                }
                synchronized (this) {
                    syncFailure = null;
                }
            } catch (ClosedChannelException compacted) {
                // the journal was replaced meanwhile by a compacted copy, itself written with fsyncs
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot fsync {0}: {1}; update ids are fsynced before answering until this passes",
                        journal, e.toString());
                synchronized (this) {
                    syncFailure = e;
                }
            }
        }
    }

    /**
     * The highest id accepted by an earlier run, as the journal was when this one began. Not the
     * highest so far: whoever asks first may ask in the middle of the first burst, and an id of that
     * burst taken as the start would release the lower ones of the same burst after it.
     */
    public OptionalLong highestAtStart() {
        return highestAtStart;
    }

    private void add(long id) {
        seen.remove(id);
        seen.add(id);
        if (seen.size() > REMEMBERED) {
            seen.remove(seen.iterator().next());
        }
    }

    /** Called with the write lock held. */
    private void append(List<Ticket> batch, List<Long> compactFrom, boolean sync) throws IOException {
        if (compactFrom != null) {
            closeAppender();
            AtomicFiles.write(journal, compactFrom.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
            appendedSinceCompaction = 0;
        }
        if (appender == null) {
            appender = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            cutTornTail(appender);
        }
        StringBuilder lines = new StringBuilder();
        batch.forEach(ticket -> lines.append(ticket.id).append('\n'));
        ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
        long before = appender.size();
        try {
            while (buffer.hasRemaining()) {
                appender.write(buffer, appender.size());
            }
            if (sync) {
                appender.force(false);
                synchronized (this) {
                    syncFailure = null;
                }
            }
        } catch (IOException e) {
            // a full disk takes the part of an id that fits in the file's last page: take it back,
            // or the next id is glued to it and forgotten at the next start
            try {
                appender.truncate(before);
            } catch (IOException notEvenThat) {
                e.addSuppressed(notEvenThat); // the next open cuts the torn line instead
            }
            throw e;
        }
        appendedSinceCompaction += batch.size();
    }

    /** Removes an unfinished last line (a crash or a failed truncate after a partial append): never acknowledged. */
    static void cutTornTail(FileChannel journal) throws IOException {
        long size = journal.size();
        if (size == 0) {
            return;
        }
        ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, 4096));
        long from = size - tail.capacity();
        while (tail.hasRemaining() && journal.read(tail, from + tail.position()) >= 0) {
            // read the whole tail
        }
        int end = tail.position() - 1;
        while (end >= 0 && tail.get(end) != '\n') {
            end--;
        }
        if (end != tail.position() - 1) {
            journal.truncate(end >= 0 ? from + end + 1 : from);
        }
    }

    private void closeAppender() {
        if (appender != null) {
            try {
                appender.close();
            } catch (IOException ignored) {
                // nothing left to save: what was written is the kernel's to keep
            }
            appender = null;
        }
    }

    @PreDestroy
    void close() {
        synchronized (writeLock) {
            if (appender != null) {
                try {
                    appender.force(false); // a stop in order leaves nothing to the kernel's writeback
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot fsync {0} at stop: {1}", journal, e.toString());
                }
            }
            closeAppender();
        }
    }
}
