package ccgateway.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The root of all state (SPEC §7); everything the gateway keeps is below it. */
@ApplicationScoped
public class DataDir {

    private static final System.Logger LOG = System.getLogger(DataDir.class.getName());

    @Inject
    @ConfigProperty(name = "gateway.data-dir")
    Optional<String> configured;

    /** A session.json is about 1 KB and a tmpfs page 4 KB: below a megabyte the next writes are a gamble. */
    public static final long MIN_FREE_BYTES = 1 << 20;

    private long minFreeBytes = MIN_FREE_BYTES;
    private Path root;

    @PostConstruct
    void init() {
        root = configured.filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".ccgateway"))
                .toAbsolutePath().normalize();
        for (String sub : new String[] {"sessions", "archive", "personas", "state"}) {
            try {
                Files.createDirectories(root.resolve(sub));
                AtomicFiles.sweep(root.resolve(sub));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot create {0}: {1}", root.resolve(sub), e.toString());
            }
        }
    }

    /** A data dir outside the container (command-line tools, tests). */
    public static DataDir at(Path root) {
        DataDir dataDir = new DataDir();
        dataDir.configured = Optional.of(root.toString());
        dataDir.init();
        return dataDir;
    }

    /** The same, counting as full below {@code minFreeBytes} (tests make a roomy disk "full" with it). */
    public static DataDir at(Path root, long minFreeBytes) {
        DataDir dataDir = at(root);
        dataDir.minFreeBytes = minFreeBytes;
        return dataDir;
    }

    public Path root() {
        return root;
    }

    public Path sessions() {
        return root.resolve("sessions");
    }

    public Path archive() {
        return root.resolve("archive");
    }

    public Path personas() {
        return root.resolve("personas");
    }

    public Path state() {
        return root.resolve("state");
    }

    /**
     * Whether the data dir is full: less than {@value #MIN_FREE_BYTES} bytes left for us (statvfs,
     * no write). Asked before each update is accepted: an update taken in on a full disk would be
     * answered by a session whose metadata, uploads and history pointer cannot be kept, and a small
     * append (the update-id journal's) still fits in a file's last page when nothing else does.
     * @return why the data dir counts as full; empty while there is room
     */
    public Optional<String> fullReason() {
        long free = root.toFile().getUsableSpace();
        if (free >= minFreeBytes) {
            return Optional.empty();
        }
        return Optional.of("data dir " + root + " is full: " + free / 1024 + " KB free, at least " + minFreeBytes / 1024
                + " KB needed; updates are refused until there is space");
    }

    /** Readiness: can the gateway actually write its state? Proven by writing, not by permission bits. */
    public Optional<String> unwritableReason() {
        Optional<String> full = fullReason();
        if (full.isPresent()) {
            return full; // the probe below would fail too, saying less
        }
        try {
            Path probe = Files.createTempFile(state(), ".probe", ".tmp");
            try {
                // an empty file needs only an inode: a full disk still grants it, a byte it does not
                Files.write(probe, new byte[] {'\n'});
            } finally {
                Files.delete(probe);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("data dir " + root + " is not writable: " + e.getMessage());
        }
    }
}
