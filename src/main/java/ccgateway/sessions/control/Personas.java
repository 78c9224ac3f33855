package ccgateway.sessions.control;

import ccgateway.sessions.entity.SessionName;
import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Persona texts, {@code personas/<name>.md}; appended to Claude's system prompt. */
@ApplicationScoped
public class Personas {

    private static final System.Logger LOG = System.getLogger(Personas.class.getName());
    public static final String DEFAULT = "default";
    static final String DEFAULT_TEXT = "You are working with the user through Telegram on their phone. "
            + "Keep answers concise and readable on a small screen.\n";

    @Inject
    DataDir dataDir;

    /** A first start gets a {@code default.md}, so /new works out of the box. */
    public void ensureDefault() {
        try {
            if (available().isEmpty()) {
                AtomicFiles.write(dataDir.personas().resolve(DEFAULT + ".md"), DEFAULT_TEXT);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot create the default persona in {0}: {1}", dataDir.personas(), e.toString());
        }
    }

    public List<String> available() {
        try (Stream<Path> files = Files.list(dataDir.personas())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".md"))
                    .map(f -> f.substring(0, f.length() - 3))
                    .filter(SessionName::isValid)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The persona's text, or empty when there is no such (validly named, readable) persona. */
    public Optional<String> text(String name) {
        if (!SessionName.isValid(name)) {
            return Optional.empty();
        }
        Path file = dataDir.personas().resolve(name + ".md");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot read persona {0}: {1}", file, e.toString());
            return Optional.empty();
        }
    }
}
