package ccgateway.storage.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Crash-safe file writes: readers see the old content or the new one, never a mix or an empty file. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static final java.util.regex.Pattern TEMP = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /**
     * Removes the temp files that a write cut short by kill -9 left in {@code dir}: never read, they
     * are partial by nature. Only names this class makes are touched.
     * @return how many were removed
     */
    public static int sweep(Path dir) {
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> TEMP.matcher(f.getFileName().toString()).matches())::iterator) {
                Files.deleteIfExists(file);
                removed++;
            }
        } catch (IOException ignored) {
            // a missing or unreadable directory has nothing to sweep that we could sweep
        }
        return removed;
    }

    /**
     * Moves a state file that cannot be read out of the way, as {@code <name>.corrupt-<UTC time>}, so
     * that the next write cannot overwrite what a person may want to look at (SPEC §10). Never
     * replaces an earlier one.
     * @return where it is now
     */
    public static Path moveAside(Path file) throws IOException {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + (n == 1 ? "" : "-" + n));
            try {
                Files.move(file, aside);
                syncDirectory(file.toAbsolutePath().getParent());
                return aside;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // one of the same second: the next number
            }
        }
    }

    /** {@link #moveAside}, said for the log line that reports the unreadable file. */
    public static String moveAsideAndSay(Path file) {
        try {
            return "it is kept as " + moveAside(file);
        } catch (IOException e) {
            return "it could not be moved aside (" + e + ") and will be replaced at the next write";
        }
    }

    /** Makes a rename durable: without it a power loss may bring the old name back. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a directory be opened; the rename itself is still atomic
        }
    }
}
