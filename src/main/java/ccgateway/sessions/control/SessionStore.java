package ccgateway.sessions.control;

import ccgateway.sessions.entity.Session;
import ccgateway.sessions.entity.SessionName;
import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Sessions on disk (SPEC §7): one directory each, metadata in {@code .ccgateway/session.json}. */
@ApplicationScoped
public class SessionStore {

    private static final System.Logger LOG = System.getLogger(SessionStore.class.getName());
    /**
     * Json.createReader looks the provider up through ServiceLoader on every call, which in Payara
     * scans the application's class path: about 1 ms per session.json, 10 s at start-up with 10,000
     * sessions (docs/DESIGN.md, "Measured on Payara Micro"). A factory looks it up once.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final DateTimeFormatter ARCHIVE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Inject
    DataDir dataDir;

    public record Loaded(List<Session> sessions, Map<String, String> unreadable) {
    }

    /** The session's directory; refuses any name that could lead outside {@code sessions/}. */
    public Path directory(String name) {
        if (!SessionName.isValid(name)) {
            throw new IllegalArgumentException("invalid session name");
        }
        Path dir = dataDir.sessions().resolve(name).normalize();
        if (!dir.getParent().equals(dataDir.sessions())) {
            throw new IllegalArgumentException("invalid session name");
        }
        return dir;
    }

    public Path uploads(String name) {
        return directory(name).resolve("uploads");
    }

    Path metadata(String name) {
        return directory(name).resolve(".ccgateway").resolve("session.json");
    }

    public boolean exists(String name) {
        return Files.exists(directory(name));
    }

    public void createDirectories(String name) throws IOException {
        Files.createDirectories(uploads(name));
        Files.createDirectories(metadata(name).getParent());
    }

    /** Undoes {@link #createDirectories}; leaves anything that is not empty (nothing is ever deleted). */
    public void removeEmptyDirectories(String name) {
        for (Path dir : List.of(uploads(name), metadata(name).getParent(), directory(name))) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException notEmptyOrGone) {
                LOG.log(System.Logger.Level.WARNING, "Left {0} in place: {1}", dir, notEmptyOrGone.toString());
            }
        }
    }

    public void write(Session session) throws IOException {
        AtomicFiles.write(metadata(session.name()), session.toJson());
    }

    public Loaded loadAll() {
        List<Session> sessions = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(dataDir.sessions())) {
            dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .filter(SessionName::isValid)
                    .sorted()
                    .forEach(name -> load(name, sessions, unreadable));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot list {0}: {1}", dataDir.sessions(), e.toString());
        }
        return new Loaded(sessions, unreadable);
    }

    private void load(String name, List<Session> sessions, Map<String, String> unreadable) {
        Path file = metadata(name);
        AtomicFiles.sweep(file.getParent());
        AtomicFiles.sweep(uploads(name));
        if (!Files.exists(file)) {
            return;
        }
        try (JsonReader reader = READERS.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            JsonObject json = reader.readObject();
            Session session = Session.fromJson(json);
            if (!session.name().equals(name)) {
                throw new IllegalStateException("names the session '" + session.name() + "'");
            }
            sessions.add(session);
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.log(System.Logger.Level.ERROR, "Session ''{0}'' is unreadable and left as it is ({1}): {2}", name, file, reason);
            unreadable.put(name, reason);
        }
    }

    /** Moves the directory under {@code archive/}; never deletes anything. */
    public Path archive(String name, Instant now) throws IOException {
        Path target = dataDir.archive().resolve(name + "-" + ARCHIVE_STAMP.format(now));
        for (int n = 2; Files.exists(target); n++) {
            target = dataDir.archive().resolve(name + "-" + ARCHIVE_STAMP.format(now) + "-" + n);
        }
        Files.createDirectories(dataDir.archive());
        return Files.move(directory(name), target);
    }
}
