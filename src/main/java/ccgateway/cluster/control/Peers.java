package ccgateway.cluster.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The other nodes over HTTP (SPEC §13): their {@code /cluster} endpoints, each request carrying
 * the cluster secret. Why HTTP and not a Hazelcast-targeted call: docs/DESIGN.md, "Several
 * gateways as one cluster".
 */
@ApplicationScoped
public class Peers {

    public static final String SECRET_HEADER = "X-Ccgateway-Cluster-Secret";
    /** The person's active session as the shared database had it when the update was routed ('' none). */
    public static final String ACTIVE_HEADER = "X-Ccgateway-Active-Session";
    static final Duration CONNECT = Duration.ofSeconds(2);
    /** A forwarded update returns once its chat's lane on the owner handled it (a command, a message queued for claude). */
    static final Duration HANDLE = Duration.ofSeconds(30);

    @Inject
    ClusterNode cluster;

    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A webhook update received here, for the leader to record and dispatch. @return the leader's HTTP status */
    public int accept(String leaderUrl, String updateJson) throws IOException {
        return post(leaderUrl + "/cluster/accept", updateJson, "");
    }

    /** An update for a session of {@code nodeUrl}'s, recorded already: the owner handles it. @return the owner's HTTP status */
    public int handle(String nodeUrl, String updateJson, String activeSession) throws IOException {
        return post(nodeUrl + "/cluster/handle", updateJson, activeSession);
    }

    /** The person's sessions on that node, as JSON ({@code ClusterResource#sessions}). */
    public String sessionsOf(String nodeUrl, long user) throws IOException {
        HttpRequest request = request(nodeUrl + "/cluster/sessions?user=" + URLEncoder.encode(String.valueOf(user), StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("node answered " + response.statusCode());
        }
        return response.body();
    }

    private int post(String url, String json, String activeSession) throws IOException {
        HttpRequest.Builder request = request(url).timeout(HANDLE).header("Content-Type", "application/json");
        if (!activeSession.isEmpty()) {
            request.header(ACTIVE_HEADER, activeSession);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build()).statusCode();
    }

    private HttpRequest.Builder request(String url) throws IOException {
        String secret = cluster.secret().orElseThrow(() -> new IOException("gateway.cluster-secret is not set"));
        return HttpRequest.newBuilder(URI.create(url)).header(SECRET_HEADER, secret);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
