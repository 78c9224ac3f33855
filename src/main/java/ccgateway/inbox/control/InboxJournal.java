package ccgateway.inbox.control;

import ccgateway.storage.control.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded database's write-ahead journal: an accepted update is appended here, one line of
 * JSON, before its 200, and so is each batch of messages handled since ({@code forget}); the
 * database gets both lazily, many per transaction. H2 writes a whole chunk of pages per durable commit (measured: p50 0.4 ms, p99
 * 17 ms, 18 KB per update); an append is one small write. Once the database holds a segment's
 * updates on disk (a {@code CHECKPOINT SYNC}), the segment is deleted; at start, the segments left
 * are put into the database first ({@link Inbox}).
 * <p>
 * Group commit: the first caller to get the write lock appends every entry waiting at that moment
 * with one write. The fsync follows at once in the background, as the update-id journal did: a
 * kill -9 loses nothing (the kernel has the write), a power loss at most one fsync's worth, and no
 * update waits for one of this disk's fsync stalls. After a failed fsync every append is fsynced
 * before its answer until one succeeds.
 */
final class InboxJournal {

    private static final System.Logger LOG = System.getLogger(InboxJournal.class.getName());
    private static final Gson GSON = new Gson();
    static final String PREFIX = "inbox-";
    static final String SUFFIX = ".journal";
    /** Entries per segment: a few MB at most, deleted soon after it is full. */
    static final int SEGMENT_ENTRIES = 2_000;

    /**
     * One line: an accepted update, as the journal keeps it; or ({@code forget} set, no payload)
     * messages handled since, whose content the database may not have deleted yet.
     */
    record Entry(long id, long at, Long chat, Long user, String payload, List<Long> forget) {

        Entry(long id, long at, Long chat, Long user, String payload) {
            this(id, at, chat, user, payload, null);
        }

        static Entry forgetting(List<Long> ids) {
            return new Entry(0, 0, null, null, null, List.copyOf(ids));
        }

        boolean isForget() {
            return forget != null;
        }
    }

    /** An entry on its way to disk. */
    private static final class Ticket {
        final Entry entry;
        boolean finished;
        IOException failure;

        Ticket(Entry entry) {
            this.entry = entry;
        }
    }

    private final Path dir;
    private final Executor background;
    private final Supplier<Optional<String>> full;
    private final Object writeLock = new Object();
    private List<Ticket> waiting = new ArrayList<>(); // guarded by this
    private FileChannel appender; // guarded by writeLock
    private long segment; // guarded by writeLock
    private int entriesInSegment; // guarded by writeLock
    private boolean unsynced; // guarded by this
    private boolean syncing; // guarded by this
    private IOException syncFailure; // guarded by this

    InboxJournal(Path dir, Executor background, Supplier<Optional<String>> full) {
        this.dir = dir;
        this.background = background;
        this.full = full;
    }

    /** The segments a previous run left, oldest first, with their entries (a torn last line is no entry: never acknowledged). */
    List<Segment> left() {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(InboxJournal::isSegment).sorted((a, b) -> Long.compare(number(a), number(b)))
                    .forEach(file -> segments.add(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        segment = segments.isEmpty() ? 0 : number(segments.get(segments.size() - 1).file());
        return segments;
    }

    /** A segment of the journal and what it holds; {@code unreadable} lines are reported, the file then moved aside, not deleted. */
    record Segment(Path file, List<Entry> entries, int unreadable) {
    }

    private static Segment read(Path file) {
        List<Entry> entries = new ArrayList<>();
        int unreadable = 0;
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Entry entry = GSON.fromJson(line, Entry.class);
                    if (entry == null || entry.payload() == null && entry.forget() == null) {
                        throw new JsonParseException("no update");
                    }
                    entries.add(entry);
                } catch (JsonParseException e) {
                    unreadable++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0}: {1}", file, e.toString());
            unreadable++;
        }
        return new Segment(file, entries, unreadable);
    }

    /** The previous run's segments are in the database: deleted, or moved aside when some line could not be read. */
    static void done(Segment s) {
        try {
            if (s.unreadable() > 0) {
                LOG.log(System.Logger.Level.ERROR, "{0} line(s) of {1} could not be read; {2}", s.unreadable(), s.file(),
                        AtomicFiles.moveAsideAndSay(s.file()));
            } else {
                Files.deleteIfExists(s.file());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete {0}: {1}", s.file(), e.toString());
        }
    }

    private static boolean isSegment(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.substring(PREFIX.length(), name.length() - SUFFIX.length()).matches("\\d{1,18}");
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private Path file(long number) {
        return dir.resolve(PREFIX + String.format("%012d", number) + SUFFIX);
    }

    /**
     * Appends the entry; returns once it is written (group commit).
     * @return the segment it went into
     * @throws UncheckedIOException when it cannot be written: the update is then not accepted
     */
    long append(Entry entry) {
        Ticket mine;
        synchronized (this) {
            mine = new Ticket(entry);
            waiting.add(mine);
        }
        long into;
        synchronized (writeLock) {
            if (!mine.finished) {
                writeWaiting();
            }
            into = segment;
        }
        if (mine.failure != null) {
            throw new UncheckedIOException("Cannot record update " + entry.id() + " in " + dir + ": " + mine.failure.getMessage(), mine.failure);
        }
        return into;
    }

    /**
     * Starts a new segment when the current one is full.
     * @return the segments before the new one may be deleted once the database has their entries; empty when none was started
     */
    Optional<Long> rotateIfFull() {
        synchronized (writeLock) {
            if (entriesInSegment < SEGMENT_ENTRIES) {
                return Optional.empty();
            }
            closeAppender(true);
            segment++;
            entriesInSegment = 0;
            return Optional.of(segment);
        }
    }

    /** Deletes the segments numbered below {@code first}: the database holds their entries on disk. */
    void deleteBefore(long first) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(InboxJournal::isSegment).filter(f -> number(f) < first).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot delete {0}: {1}", f, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot list {0}: {1}", dir, e.toString());
        }
    }

    private void writeWaiting() {
        List<Ticket> batch;
        synchronized (this) {
            batch = waiting;
            waiting = new ArrayList<>();
        }
        IOException failure = null;
        boolean syncNow = mustSyncNow();
        try {
            Optional<String> fullReason = full.get();
            if (fullReason.isPresent()) {
                throw new IOException(fullReason.get());
            }
            write(batch, syncNow);
        } catch (IOException e) {
            closeAppender(false);
            failure = e;
        }
        synchronized (this) {
            for (Ticket t : batch) {
                t.failure = failure;
                t.finished = true;
            }
            if (failure == null && !syncNow) {
                syncSoon();
            }
        }
    }

    /** Called holding the write lock. */
    private void write(List<Ticket> batch, boolean sync) throws IOException {
        if (appender == null) {
            appender = FileChannel.open(file(segment), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            cutTornTail(appender);
        }
        StringBuilder lines = new StringBuilder();
        batch.forEach(t -> lines.append(GSON.toJson(t.entry)).append('\n'));
        ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
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
            // a full disk takes the part of a line that fits in the file's last page: take it back
            try {
                appender.truncate(before);
            } catch (IOException notEvenThat) {
                e.addSuppressed(notEvenThat); // the next open cuts the torn line instead
            }
            throw e;
        }
        entriesInSegment += batch.size();
    }

    /** Removes an unfinished last line (a crash, or a failed truncate after a partial append): never acknowledged. */
    static void cutTornTail(FileChannel journal) throws IOException {
        long end = journal.size();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long from = end;
        while (from > 0) {
            int length = (int) Math.min(chunk.capacity(), from);
            from -= length;
            chunk.clear().limit(length);
            while (chunk.hasRemaining() && journal.read(chunk, from + chunk.position()) >= 0) {
                // read the whole chunk
            }
            for (int i = length - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    if (from + i + 1 != end) {
                        journal.truncate(from + i + 1);
                    }
                    return;
                }
            }
        }
        if (end > 0) {
            journal.truncate(0);
        }
    }

    private synchronized boolean mustSyncNow() {
        return background == null || syncFailure != null;
    }

    /** Called holding this: one fsync loop at a time, running until nothing written waits for it. */
    private void syncSoon() {
        unsynced = true;
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            background.execute(this::syncWhileUnsynced);
        } catch (RuntimeException refused) {
            syncing = false; // stopping: close() fsyncs
        }
    }

    private void syncWhileUnsynced() {
        while (true) {
            synchronized (this) {
                if (!unsynced) {
                    syncing = false;
                    return;
                }
                unsynced = false;
            }
            FileChannel channel;
            synchronized (writeLock) {
                channel = appender;
            }
            try {
                // never under the write lock: appends go on during this disk's fsync stalls
                if (channel != null) {
                    channel.force(false);
                }
                synchronized (this) {
                    syncFailure = null;
                }
            } catch (ClosedChannelException rotated) {
                // a rotation or a failed write closed it, after an fsync of its own
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot fsync {0}: {1}; updates are fsynced before answering until this passes",
                        file(segment), e.toString());
                synchronized (this) {
                    syncFailure = e;
                }
            }
        }
    }

    /** Called holding the write lock. */
    private void closeAppender(boolean sync) {
        if (appender == null) {
            return;
        }
        try {
            if (sync) {
                appender.force(false);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot fsync {0}: {1}", file(segment), e.toString());
        }
        try {
            appender.close();
        } catch (IOException ignored) {
            // what was written is the kernel's to keep
        }
        appender = null;
    }

    void close() {
        synchronized (writeLock) {
            closeAppender(true);
        }
    }
}
