package ccgateway.topics.control;

import ccgateway.storage.control.AtomicFiles;
import ccgateway.storage.control.DataDir;
import ccgateway.topics.entity.Topic;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which topic of which chat is which session, kept in {@code state/topics.json}. A session has at
 * most one topic per chat, a topic at most one session. Few entries (one per session and chat):
 * a list, searched under the lock; the file is written under it too, so no older state overtakes a
 * newer one. A file that cannot be read is moved aside and reported; the map starts empty.
 */
@ApplicationScoped
public class TopicMap {

    private static final System.Logger LOG = System.getLogger(TopicMap.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    static final String FILE = "topics.json";

    @Inject
    DataDir dataDir;

    private final List<Topic> topics = new ArrayList<>();
    private Path file;

    @PostConstruct
    void init() {
        load(dataDir.state().resolve(FILE));
    }

    /** The session the topic is, if it is one. */
    public synchronized Optional<String> sessionIn(long chat, long thread) {
        return topics.stream().filter(t -> t.isIn(chat, thread)).map(Topic::session).findFirst();
    }

    /** The session's topic in that chat; 0 when it has none there. */
    public synchronized long threadOf(long chat, String session) {
        return topics.stream().filter(t -> t.isOf(chat, session)).mapToLong(Topic::thread).findFirst().orElse(0);
    }

    /** Replaces whatever that topic, or the session's topic in that chat, was before. */
    public synchronized void remember(Topic topic) {
        topics.removeIf(t -> t.isIn(topic.chat(), topic.thread()) || t.isOf(topic.chat(), topic.session()));
        topics.add(topic);
        persist();
    }

    /** The session's topics, no longer remembered. */
    public synchronized List<Topic> forget(String session) {
        List<Topic> gone = topics.stream().filter(t -> t.session().equals(session)).toList();
        if (!gone.isEmpty()) {
            topics.removeAll(gone);
            persist();
        }
        return gone;
    }

    synchronized void load(Path from) {
        file = from;
        topics.clear();
        if (!Files.exists(file)) {
            return;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            for (JsonValue value : reader.readArray()) {
                JsonObject t = value.asJsonObject();
                topics.add(new Topic(t.getJsonNumber("chat").longValueExact(), t.getJsonNumber("thread").longValueExact(),
                        t.getString("session")));
            }
        } catch (IOException | RuntimeException e) {
            topics.clear();
            LOG.log(System.Logger.Level.ERROR, "Cannot read {0} ({1}); messages in topics go to the active session; {2}",
                    file, e.toString(), AtomicFiles.moveAsideAndSay(file));
        }
    }

    private void persist() {
        JsonArrayBuilder json = JSON.createArrayBuilder();
        topics.forEach(t -> json.add(JSON.createObjectBuilder().add("chat", t.chat()).add("thread", t.thread()).add("session", t.session())));
        try {
            AtomicFiles.write(file, json.build().toString());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot write {0}: {1}", file, e.toString());
        }
    }
}
