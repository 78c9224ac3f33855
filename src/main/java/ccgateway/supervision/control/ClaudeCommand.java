package ccgateway.supervision.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Claude Code executable and the extra arguments of every launch (SPEC §3, §5). */
@ApplicationScoped
public class ClaudeCommand {

    @Inject
    @ConfigProperty(name = "claude.command", defaultValue = "claude")
    String command;

    @Inject
    @ConfigProperty(name = "claude.args")
    Optional<String> args;

    /** The first resolution that succeeded: later launches run that very file. */
    private volatile Path resolved;

    public String command() {
        return command.trim();
    }

    /** Split on whitespace and passed as separate argv entries: no shell ever sees them. */
    public List<String> extraArgs() {
        return args.map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> Arrays.asList(s.split("\\s+")))
                .orElse(List.of());
    }

    /**
     * The executable every launch runs: {@link #resolve()} once (at start, by the readiness check and
     * the startup summary), then kept. A launch never hands the raw command to the process builder:
     * with the session directory as cwd, a relative command or a relative PATH entry such as
     * {@code .} would run a file from that directory, which Claude can write.
     */
    public Optional<Path> executable() {
        Path known = resolved;
        if (known == null) {
            Optional<Path> found = resolve();
            found.ifPresent(p -> resolved = p);
            return found;
        }
        return Optional.of(known);
    }

    /** The executable as the gateway would run it now: an absolute path, from the gateway's own cwd or PATH. */
    public Optional<Path> resolve() {
        String name = command();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (name.contains(File.separator)) {
            return Optional.of(Path.of(name).toAbsolutePath().normalize()).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p));
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name).toAbsolutePath().normalize())
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** {@code claude --version}, for the startup summary; empty when it cannot be run within a few seconds. */
    public Optional<String> version() {
        Optional<Path> executable = executable();
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(executable.get().toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readNBytes(200), java.nio.charset.StandardCharsets.UTF_8).strip();
            return out.isEmpty() ? Optional.empty() : Optional.of(out.lines().findFirst().orElse(out));
        } catch (java.io.IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public Optional<String> unusableReason() {
        return resolve().isPresent() ? Optional.empty()
                : Optional.of("claude.command '" + command() + "' is not an executable file nor found on PATH: "
                        + "install Claude Code or set CLAUDE_COMMAND to its path");
    }
}
