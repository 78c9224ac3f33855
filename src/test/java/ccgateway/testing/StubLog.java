package ccgateway.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the stub claude recorded: every launch (argv, cwd, env), every stdin line, every grandchild. */
public final class StubLog {

    private final Path file;

    public StubLog(Path file) {
        this.file = file;
    }

    public static StubLog fromSystemProperty() {
        return new StubLog(Path.of(System.getProperty("it.stub.log", "target/stub-claude.log")));
    }

    public Path file() {
        return file;
    }

    public record Launch(long pid, String session, List<String> argv, String cwd, JsonObject env) {
        public boolean has(String flag) {
            return argv.contains(flag) || argv.stream().anyMatch(a -> a.startsWith(flag + "="));
        }

        /** The value of {@code --flag value} or {@code --flag=value}. */
        public String after(String flag) {
            int i = argv.indexOf(flag);
            if (i >= 0) {
                return i + 1 < argv.size() ? argv.get(i + 1) : null;
            }
            return argv.stream().filter(a -> a.startsWith(flag + "=")).findFirst().map(a -> a.substring(flag.length() + 1)).orElse(null);
        }

        public boolean isAlive() {
            return StubLog.isAlive(pid);
        }
    }

    public List<JsonObject> events() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<JsonObject> events = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try (JsonReader reader = Json.createReader(new StringReader(line))) {
                    events.add(reader.readObject());
                } catch (RuntimeException torn) {
                    // a line being written right now
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Launch> launches(String session) {
        return events().stream()
                .filter(e -> e.getString("event").equals("launch") && session.equals(stringOrNull(e, "session")))
                .map(e -> new Launch(e.getJsonNumber("pid").longValue(), session,
                        e.getJsonArray("argv").getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toList()),
                        e.getString("cwd"), e.getJsonObject("env")))
                .collect(Collectors.toList());
    }

    public Launch awaitLaunch(String session, int count, Duration timeout) {
        Await.until(() -> launches(session).size() >= count, timeout,
                () -> "expected " + count + " launches of " + session + ", got " + launches(session).size());
        return launches(session).get(count - 1);
    }

    public List<String> stdin(String session) {
        return events().stream()
                .filter(e -> e.getString("event").equals("stdin") && session.equals(stringOrNull(e, "session")))
                .map(e -> e.getString("line"))
                .collect(Collectors.toList());
    }

    public List<Long> grandchildren(String session) {
        return events().stream()
                .filter(e -> e.getString("event").equals("grandchild") && session.equals(stringOrNull(e, "session")))
                .map(e -> e.getJsonNumber("pid").longValue())
                .collect(Collectors.toList());
    }

    public List<Long> liveProcesses(String session) {
        List<Long> pids = new ArrayList<>();
        launches(session).stream().filter(Launch::isAlive).forEach(l -> pids.add(l.pid()));
        grandchildren(session).stream().filter(StubLog::isAlive).forEach(pids::add);
        return pids;
    }

    /** Alive and not a zombie: an orphan whose reaper never waits for it is dead for every purpose. */
    public static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static String stringOrNull(JsonObject e, String key) {
        return Optional.ofNullable(e.get(key)).filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString()).orElse(null);
    }
}
