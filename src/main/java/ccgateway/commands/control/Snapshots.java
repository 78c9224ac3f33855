package ccgateway.commands.control;

import ccgateway.storage.control.DataDir;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Copies of files on their way to Telegram, under {@code state/outgoing/<random>/<name>} (the
 * upload takes its name from the file). A copy is removed once sent or given up; what a crash
 * left behind goes when the gateway next needs one.
 */
@ApplicationScoped
class Snapshots {

    private static final System.Logger LOG = System.getLogger(Snapshots.class.getName());

    @Inject
    DataDir dataDir;

    /** {@code size}: the bytes copied, or the bytes seen when the file had outgrown the limit. */
    record Copy(Path file, long size, boolean tooLarge) {
    }

    @PostConstruct
    void sweep() {
        Path outgoing = outgoing();
        if (Files.isDirectory(outgoing)) {
            try (Stream<Path> left = Files.walk(outgoing)) {
                left.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(outgoing)).forEach(Snapshots::deleteQuietly);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot sweep {0}: {1}", outgoing, e.toString());
            }
        }
    }

    /** Copies at most {@code limit} bytes; a file that grew past it since it was measured is not kept. */
    Copy take(Path source, String name, long limit) throws IOException {
        Path folder = Files.createDirectories(outgoing()).resolve(Long.toHexString(System.nanoTime()) + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(folder);
        Path copy = folder.resolve(name);
        long total = 0;
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
                OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                total += n;
                if (total > limit) {
                    break;
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            drop(copy);
            throw e;
        }
        if (total > limit) {
            drop(copy);
            return new Copy(null, total, true);
        }
        return new Copy(copy, total, false);
    }

    /** Removes the copy and its folder. */
    void drop(Path copy) {
        deleteQuietly(copy);
        deleteQuietly(copy.getParent());
    }

    private Path outgoing() {
        return dataDir.state().resolve("outgoing");
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot remove a copy sent to Telegram: {0}", e.getClass().getSimpleName());
        }
    }
}
