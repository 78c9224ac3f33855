package ccgateway.telegram.control;

import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.stream.Collectors;

/**
 * Remembers which {@code update_id}s were accepted, across restarts, so that Telegram's
 * re-deliveries are acknowledged and ignored. An id is durable (appended and fsynced) before the
 * webhook answers: once Telegram has its 200, a restart can no longer bring the update back.
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

    private final LinkedHashSet<Long> seen = new LinkedHashSet<>();
    private OptionalLong highestAtStart = OptionalLong.empty();
    private final Map<Long, Ticket> inFlight = new HashMap<>();
    private List<Ticket> waiting = new ArrayList<>();
    /** Held while writing; guards the journal, the appender and the compaction counter. */
    private final Object writeLock = new Object();
    private Path journal;
    private FileChannel appender;
    private int appendedSinceCompaction; // guarded by writeLock

    @PostConstruct
    void load() {
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
     * with one write and one fsync, and finishes their tickets; the others find theirs finished.
     * Under load one fsync serves many updates, and still no update is acknowledged before its id
     * is on disk.
     *
     * @return true the first time an id is offered, false for every repetition
     * @throws UncheckedIOException when the id cannot be made durable, or the data dir is full (the
     *         update's consequences could not be kept): the update is then not accepted, and
     *         Telegram's retry finds it still unseen
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
        try {
            Optional<String> full = dataDir.fullReason();
            if (full.isPresent()) {
                throw new IOException(full.get());
            }
            append(batch, snapshot);
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
    private void append(List<Ticket> batch, List<Long> compactFrom) throws IOException {
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
            appender.force(false);
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
                // nothing left to save: every append was forced
            }
            appender = null;
        }
    }

    @PreDestroy
    void close() {
        synchronized (writeLock) {
            closeAppender();
        }
    }
}
