package ccgateway.conversation.control;

import ccgateway.supervision.control.ClaudeProcess;
import ccgateway.supervision.control.ControlLines;
import ccgateway.supervision.entity.StreamEvent;
import ccgateway.threads.control.Workers;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's side of one process's control protocol: its own requests ({@code interrupt},
 * {@code set_model}, …), each with a unique id and answered by that id, or failed after a timeout or
 * when the process ends, so nobody waits for ever on a CLI that does not answer; and its answers to
 * the CLI's requests.
 */
final class ControlChannel {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The CLI refused a request, did not answer it in time, or can no longer be asked. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ClaudeProcess process;
    private final Workers workers;
    private final Map<String, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    ControlChannel(ClaudeProcess process, Workers workers) {
        this.process = process;
        this.workers = workers;
    }

    /** Completes with the CLI's answer; exceptionally with {@link Refused}. */
    CompletionStage<JsonObject> request(JsonObject request) {
        String id = "gw-" + process.pid() + "-" + sequence.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        try {
            process.sendLine(ControlLines.request(id, request));
        } catch (IOException e) {
            fail(id, "Claude no longer reads its input");
            return answer;
        }
        ScheduledFuture<?> timer = workers.later(TIMEOUT, () -> fail(id, "Claude did not answer within " + TIMEOUT.toSeconds() + " s"));
        answer.whenComplete((response, error) -> timer.cancel(false));
        return answer;
    }

    /** An answer read from stdout; one for nobody (late, after a timeout, or not ours) is dropped. */
    void answered(StreamEvent.ControlResponse response) {
        CompletableFuture<JsonObject> answer = waiting.remove(response.requestId());
        if (answer == null) {
            return;
        }
        if (response.isSuccess()) {
            answer.complete(response.response());
        } else {
            answer.completeExceptionally(new Refused(response.error()));
        }
    }

    /** The gateway's answer to a request of the CLI's. */
    void respond(String requestId, JsonObject response) throws IOException {
        process.sendLine(ControlLines.success(requestId, response));
    }

    /** The gateway cannot answer what the CLI asked. */
    void refuse(String requestId, String error) throws IOException {
        process.sendLine(ControlLines.error(requestId, error));
    }

    /** The process ended: nothing it was asked will be answered. */
    void closed() {
        List.copyOf(waiting.keySet()).forEach(id -> fail(id, "Claude's process ended"));
    }

    private void fail(String id, String reason) {
        CompletableFuture<JsonObject> answer = waiting.remove(id);
        if (answer != null) {
            answer.completeExceptionally(new Refused(reason));
        }
    }
}
