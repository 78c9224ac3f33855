package ccgateway.cluster.control;

import ccgateway.cluster.entity.SessionHome;
import ccgateway.sessions.control.ActiveSessions;
import ccgateway.sessions.control.ChatUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A person's sessions on the other nodes of the cluster, for {@code /sessions} (SPEC §13). */
@ApplicationScoped
public class ClusterSessions {

    private static final System.Logger LOG = System.getLogger(ClusterSessions.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ClusterNode cluster;

    @Inject
    SessionHomes homes;

    @Inject
    Peers peers;

    @Inject
    ActiveSessions activeSessions;

    /** A session of another node; {@code up} false: its node is down (persona, live and last activity unknown). */
    public record Elsewhere(String name, String node, boolean up, String persona, boolean live, Instant lastActive) {
    }

    public boolean clustered() {
        return cluster.clustered();
    }

    public String nodeName() {
        return cluster.nodeName();
    }

    /** The person's active session in the chat, as the database shared by all nodes has it. */
    public Optional<String> active(long chat, long user) {
        return activeSessions.find(new ChatUser(chat, user));
    }

    /** The person's sessions on every other node: each node that is up is asked, once. */
    public List<Elsewhere> of(long user) {
        Map<String, List<SessionHome>> byNode = new LinkedHashMap<>();
        for (SessionHome home : homes.of(user)) {
            if (!home.node().equals(cluster.nodeName())) {
                byNode.computeIfAbsent(home.node(), n -> new ArrayList<>()).add(home);
            }
        }
        List<Elsewhere> all = new ArrayList<>();
        byNode.forEach((node, recorded) -> {
            Map<String, JsonObject> told = ask(node, user);
            for (SessionHome home : recorded) {
                if (told == null) {
                    all.add(new Elsewhere(home.name(), node, false, home.persona(), false, Instant.EPOCH));
                } else if (told.containsKey(home.name())) {
                    JsonObject s = told.get(home.name());
                    all.add(new Elsewhere(home.name(), node, true, s.getString("persona"), s.getBoolean("live"),
                            Instant.ofEpochMilli(s.getJsonNumber("lastActive").longValue())));
                }
                // recorded but not listed by its node: archived a moment ago
            }
        });
        return all;
    }

    /** @return the node's answer by session name; null when it is down or does not answer */
    private Map<String, JsonObject> ask(String node, long user) {
        Optional<String> url = cluster.urlOf(node);
        if (url.isEmpty()) {
            return null;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(peers.sessionsOf(url.get(), user)))) {
            Map<String, JsonObject> byName = new HashMap<>();
            for (JsonValue v : reader.readArray()) {
                JsonObject o = v.asJsonObject();
                byName.put(o.getString("name"), o);
            }
            return byName;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Node {0} did not list its sessions: {1}", node, e.toString());
            return null;
        }
    }
}
