package ccgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One PostgreSQL cluster in a temp folder: data/, the socket folder, the password file and the logs.
 * PostgreSQL refuses to run as root, so under root (CI) initdb and postgres run as the OS user
 * "postgres" that Debian's package creates, through setpriv: it execs, so the pid Java sees is the
 * postmaster's own.
 */
final class PostgresCluster {

    private static final String OS_USER = "postgres";
    /** A Unix socket path longer than this (sun_path is 108 bytes) makes postgres refuse to start. */
    private static final int SOCKET_PATH_MAX = 100;

    private final PostgresBinaries binaries;
    private final Path directory;
    private final boolean root;
    private Duration initdbTook;

    private PostgresCluster(PostgresBinaries binaries, Path directory, boolean root) {
        this.binaries = binaries;
        this.directory = directory;
        this.root = root;
    }

    static PostgresCluster create(PostgresBinaries binaries, String user, String password) {
        boolean root = isRoot();
        PostgresCluster cluster = new PostgresCluster(binaries, temporaryDirectory(root), root);
        try {
            cluster.initdb(user, password);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.delete();
            throw e;
        }
    }

    private void initdb(String user, String password) {
        Path passwordFile = directory.resolve("password");
        write(passwordFile, password + "\n");
        own(passwordFile);
        long begin = System.nanoTime();
        Process initdb = run(List.of(binaries.initdb().toString(), "-D", data().toString(), "-U", user,
                "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"), "initdb.log");
        int exit = waitFor(initdb);
        initdbTook = Duration.ofNanos(System.nanoTime() - begin);
        if (exit != 0) {
            throw new AssertionError("initdb exited with " + exit + ":\n" + read(directory.resolve("initdb.log")));
        }
    }

    /**
     * Starts the postmaster on 127.0.0.1:port. Not durable: fsync, synchronous commit and full page
     * writes off, speed for data that is thrown away; durable: PostgreSQL's defaults (all on).
     */
    Process start(int port, boolean durable) {
        Path socketDir = directory.resolve("socket");
        if (!Files.exists(socketDir)) {
            try {
                own(Files.createDirectory(socketDir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        boolean socketFits = socketDir.resolve(".s.PGSQL." + port).toString().length() <= SOCKET_PATH_MAX;
        List<String> command = new ArrayList<>(List.of(binaries.postgres().toString(), "-D", data().toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + (socketFits ? socketDir : "")));
        command.addAll(durable ? List.of("-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on")
                : List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        return run(command, "postgres.log");
    }

    Path directory() {
        return directory;
    }

    Duration initdbTook() {
        return initdbTook;
    }

    String log() {
        return read(directory.resolve("postgres.log"));
    }

    /** Only once the postmaster is gone: its files go with the folder. */
    void delete() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    private Process run(List<String> command, String log) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(log).toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("PG") || key.startsWith("LC_") || key.equals("LANG"));
        env.put("LC_ALL", "C");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Under java.io.tmpdir (failsafe's is target/), unless root's server user cannot reach it there;
     * 0700 and, under root, owned by the server user: initdb and postgres insist on both.
     */
    private static Path temporaryDirectory(boolean root) {
        Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (root && !traversableByOthers(base)) {
            base = Path.of("/tmp");
        }
        try {
            Files.createDirectories(base);
            Path directory = Files.createTempDirectory(base, "postgres-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (root) {
                Files.setOwner(directory, serverUser());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UserPrincipal serverUser() {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        } catch (IOException e) {
            String reason = "PostgreSQL tests SKIPPED: running as root and no OS user '" + OS_USER + "' to run the server as (Debian package postgresql creates it)";
            System.err.println(reason);
            return Assumptions.abort(reason);
        }
    }

    private void own(Path path) {
        if (root) {
            try {
                Files.setOwner(path, serverUser());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("initdb did not finish in 120 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
