package ccgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Open-loop HTTP load on 127.0.0.1: requests leave at a fixed rate whether or not earlier ones were
 * answered (as Telegram's webhook deliveries do), each timed from leaving to its answer. Bounded in
 * count, and every request has a timeout.
 */
final class Load implements AutoCloseable {

    /** What one run measured: latencies of answered requests (any status), and what went wrong. */
    record Result(Latencies latencies, int sent, int failed, int non2xx, double achievedRate) {
        boolean clean() {
            return failed == 0 && non2xx == 0;
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static HttpRequest post(String url, String secret, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Sends {@code count} requests at {@code perSecond}; request i is made by {@code requests}. */
    Result run(int count, double perSecond, IntFunction<HttpRequest> requests) {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(count);
        long interval = (long) (1e9 / perSecond);
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = begin + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = requests.apply(i);
            long sent = System.nanoTime();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    return;
                }
                latencies.add(System.nanoTime() - sent);
                if (response.statusCode() / 100 != 2) {
                    non2xx.incrementAndGet();
                }
            }));
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(new Latencies(List.copyOf(latencies)), count, failed.get(), non2xx.get(), count / Math.max(seconds, 1e-9));
    }

    /** One request, answered or not: its status, or -1. */
    int once(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
