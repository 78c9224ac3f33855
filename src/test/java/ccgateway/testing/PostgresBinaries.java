package ccgateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The folder with PostgreSQL's server programs: the system property {@value #PROPERTY} if set
 * (nothing else is then looked at), else the first folder on the PATH that has them, else Debian's
 * /usr/lib/postgresql/{major}/bin of the newest major. A machine without them skips the tests that
 * need them, saying so in the log, rather than failing them.
 */
record PostgresBinaries(Path dir) {

    static final String PROPERTY = "postgres.bin";
    static final String SKIPPED = "PostgreSQL tests SKIPPED: no PostgreSQL server binaries (initdb, postgres) in ";

    /** The binaries, or a skip of the calling test (or class, from a @BeforeAll) with the reason. */
    static PostgresBinaries require() {
        return find().orElseGet(() -> {
            System.err.println(missing());
            return Assumptions.abort(missing());
        });
    }

    /** Why the PostgreSQL tests are skipped: one line for the log and the test report. */
    static String missing() {
        return SKIPPED + searched() + " (Debian package postgresql; .ci/run installs it)";
    }

    static Optional<PostgresBinaries> find() {
        return candidates().stream().filter(PostgresBinaries::hasServer).findFirst().map(PostgresBinaries::new);
    }

    Path initdb() {
        return dir.resolve("initdb");
    }

    Path postgres() {
        return dir.resolve("postgres");
    }

    static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    private static List<Path> candidates() {
        String configured = System.getProperty(PROPERTY, "");
        if (!configured.isBlank()) {
            return List.of(Path.of(configured));
        }
        List<Path> dirs = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                dirs.add(Path.of(entry));
            }
        }
        dirs.addAll(debianMajorsNewestFirst());
        return dirs;
    }

    private static List<Path> debianMajorsNewestFirst() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String searched() {
        String configured = System.getProperty(PROPERTY, "");
        return configured.isBlank() ? "PATH or /usr/lib/postgresql/*/bin" : PROPERTY + "=" + configured;
    }
}
