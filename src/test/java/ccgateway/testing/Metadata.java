package ccgateway.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A session's metadata file as a person (or a test) reads it from disk. */
public final class Metadata {

    private Metadata() {
    }

    public static Path file(Path dataDir, String session) {
        return dataDir.resolve("sessions").resolve(session).resolve(".ccgateway").resolve("session.json");
    }

    public static Optional<JsonObject> read(Path dataDir, String session) {
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file(dataDir, session))))) {
            return Optional.of(reader.readObject());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static boolean isSuspended(Path dataDir, String session) {
        return read(dataDir, session)
                .filter(m -> m.getString("status").equals("suspended") && m.isNull("pid"))
                .isPresent();
    }

    public static String claudeSessionId(Path dataDir, String session) {
        return read(dataDir, session).filter(m -> !m.isNull("claudeSessionId")).map(m -> m.getString("claudeSessionId")).orElse(null);
    }
}
