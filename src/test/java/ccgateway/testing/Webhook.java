package ccgateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts to the gateway's webhook the way Telegram does. */
public final class Webhook {

    public static final String SECRET = "s3cret-for-tests_only";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            // HTTP/1.1 as Telegram posts webhooks, not the default h2c upgrade
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI uri;

    public Webhook(String baseUrl) {
        this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/telegram/webhook");
    }

    public int post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8), SECRET);
    }

    /**
     * As {@link #post(String)}, but a gateway that gives no answer (killed, not started yet, the
     * connection dropped) is 0 instead of an error: Telegram then simply tries again later.
     */
    public int attempt(String body) {
        try {
            return post(body);
        } catch (AssertionError unreachable) {
            if (unreachable.getCause() instanceof IOException) {
                return 0;
            }
            throw unreachable;
        }
    }

    /** A POST to any path of a gateway with one header of its own (none when {@code value} is null): the status. */
    public static int postTo(String url, String header, String value, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (value != null) {
            request.header(header, value);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(url + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int post(byte[] body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("webhook unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "unreachable " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
