package ccgateway.cluster.entity;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** What a node publishes about itself so the cluster can place new sessions. */
public record NodeLoad(String node, String url, long freeMemoryBytes, int liveSessions, long publishedAtMillis) {

    // a provider lookup per call is slow: one for the class
    private static final JsonProvider JSON = JsonProvider.provider();

    public String toJson() {
        return JSON.createObjectBuilder()
                .add("node", node)
                .add("url", url)
                .add("freeMemoryBytes", freeMemoryBytes)
                .add("liveSessions", liveSessions)
                .add("publishedAtMillis", publishedAtMillis)
                .build().toString();
    }

    public static NodeLoad fromJson(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            return new NodeLoad(o.getString("node"), o.getString("url"),
                    o.getJsonNumber("freeMemoryBytes").longValue(), o.getInt("liveSessions"),
                    o.getJsonNumber("publishedAtMillis").longValue());
        }
    }
}
