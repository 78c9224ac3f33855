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
import java.util.LinkedHashSet;
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
    private Path journal;
    private FileChannel appender;
    private int appendedSinceCompaction;

    @PostConstruct
    void load() {
        journal = dataDir.state().resolve("update-ids");
        try {
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    remember(line);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0}: {1}; duplicates of earlier updates may be handled again", journal, e.toString());
        }
    }

    private void remember(String line) {
        try {
            add(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            // a line torn by a crash in the middle of an append: that id was never acknowledged
        }
    }

    /**
     * @return true the first time an id is offered, false for every repetition
     * @throws UncheckedIOException when the id cannot be made durable: the update is then not
     *         accepted, and Telegram's retry finds it still unseen
     */
    public synchronized boolean firstSeen(long updateId) {
        if (seen.contains(updateId)) {
            return false;
        }
        append(updateId);
        add(updateId);
        return true;
    }

    /** The highest id accepted so far (of the remembered ones). */
    public synchronized java.util.OptionalLong highest() {
        return seen.stream().mapToLong(Long::longValue).max();
    }

    private void add(long id) {
        seen.remove(id);
        seen.add(id);
        if (seen.size() > REMEMBERED) {
            seen.remove(seen.iterator().next());
        }
    }

    private void append(long id) {
        try {
            if (appendedSinceCompaction >= REMEMBERED) {
                compact();
            }
            if (appender == null) {
                appender = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            appender.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            appender.force(false);
            appendedSinceCompaction++;
        } catch (IOException e) {
            closeAppender();
            throw new UncheckedIOException("Cannot record update " + id + " in " + journal, e);
        }
    }

    private void compact() throws IOException {
        closeAppender();
        String ids = seen.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n"));
        AtomicFiles.write(journal, ids);
        appendedSinceCompaction = 0;
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
    synchronized void close() {
        closeAppender();
    }
}
