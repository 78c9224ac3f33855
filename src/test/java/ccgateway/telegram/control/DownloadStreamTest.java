package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of a download: streamed with a read timeout and the 20 MB cap. */
class DownloadStreamTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Downloads downloads = new Downloads();
    private OkHttpClient http;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, 5);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("hello".getBytes());
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            sleep(Duration.ofSeconds(5));
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] mb = new byte[1024 * 1024];
                for (int i = 0; i < 21; i++) {
                    out.write(mb);
                }
            } catch (IOException closedByTheClient) {
                // expected
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        http = new OkHttpClient();
        downloads.http = http;
        downloads.readTimeoutSeconds = 1;
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aFileIsStreamedIntoTheTemporaryFile() throws Exception {
        Path temp = dir.resolve(".download-1.part");
        downloads.stream(url("/small"), temp);
        assertArrayEquals("hello".getBytes(), Files.readAllBytes(temp));
    }

    @Test
    void headersThenNothingEndsAsStalledWithinTheReadTimeout() {
        Instant begin = Instant.now();
        Downloads.Refused refused = assertThrows(Downloads.Refused.class, () -> downloads.stream(url("/stall"), dir.resolve(".download-2.part")));
        assertTrue(refused.getMessage().startsWith("The download of your file stalled (no data for 1 s)"), refused.getMessage());
        assertTrue(Duration.between(begin, Instant.now()).compareTo(Duration.ofSeconds(4)) < 0, "ended by the read timeout");
    }

    @Test
    void moreThanTwentyMegabytesIsCutOffWhateverTheServerAnnounced() {
        Downloads.Refused refused = assertThrows(Downloads.Refused.class, () -> downloads.stream(url("/huge"), dir.resolve(".download-3.part")));
        assertTrue(refused.getMessage().contains("up to 20 MB"), refused.getMessage());
    }

    @Test
    void unfinishedDownloadsOfAnEarlierRunAreSweptButThisRunsAndOtherFilesStay() throws Exception {
        Path earlier = Files.writeString(dir.resolve(".download-1f2e3d4c-99.part"), "left by a kill -9");
        Path running = Files.writeString(dir.resolve(Downloads.TEMP_PREFIX + "77.part"), "another download in progress");
        Path upload = Files.writeString(dir.resolve("20261201-101500-report.part"), "a user's file");
        Downloads.sweepLeftovers(dir);
        assertFalse(Files.exists(earlier), "the earlier run's leftover is gone");
        assertTrue(Files.exists(running), "this run's download in progress is left alone");
        assertTrue(Files.exists(upload), "a user's file is never touched");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
