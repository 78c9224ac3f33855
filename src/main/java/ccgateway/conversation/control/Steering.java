package ccgateway.conversation.control;

import ccgateway.conversation.entity.LiveStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Steering a live {@code claude} without restarting it (SPEC §9): stop the running turn, switch
 * the model or the permission mode, ask how full the context is. Each runs on the session's lane
 * and answers once the CLI has; a session without a live process answers at once.
 */
@ApplicationScoped
public class Steering {

    /** What /cancel did. */
    public record Cancelled(boolean anything, int dropped) {
    }

    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    Conversations conversations;

    @Inject
    Approvals approvals;

    /**
     * Interrupts the running turn: the CLI ends its tools and keeps the process and the history;
     * messages waiting for the turn are dropped (and counted), prompts withdrawn.
     * @throws ControlChannel.Refused (as the stage's failure) when the CLI refused or did not answer
     */
    public CompletionStage<Cancelled> cancel(String session) {
        CompletableFuture<Cancelled> done = new CompletableFuture<>();
        conversations.onLane(session, c -> {
            if (!c.busy && !c.waitsForThePerson()) {
                done.complete(new Cancelled(false, 0));
                return;
            }
            List<Waiting.Batch<Long>> dropped = c.held.takeAll();
            int count = dropped.stream().mapToInt(b -> b.messages().size()).sum();
            c.interrupted = true;
            c.channel.request(JSON.createObjectBuilder().add("subtype", "interrupt").add("cancel_queued", true).build())
                    .whenComplete((answer, failure) -> conversations.onLane(session, same -> {
                        // what the CLI did not withdraw itself can no longer be answered
                        approvals.withdrawAll(session, same);
                        if (failure != null) {
                            same.interrupted = false;
                            for (int i = dropped.size() - 1; i >= 0; i--) {
                                same.held.putBack(dropped.get(i));
                            }
                            done.completeExceptionally(failure);
                        } else {
                            done.complete(new Cancelled(true, count));
                        }
                    }, () -> done.complete(new Cancelled(true, count))));
        }, () -> done.complete(new Cancelled(false, 0)));
        return done;
    }

    /** @return the model the CLI resolved; empty when the session has no live process */
    public CompletionStage<Optional<String>> switchModel(String session, String model) {
        JsonObjectBuilder request = JSON.createObjectBuilder().add("subtype", "set_model");
        if (!model.isEmpty()) {
            request.add("model", model);
        }
        return ask(session, request.build()).thenApply(answer -> answer.map(a -> Answers.text(a, "model")));
    }

    /** @return the mode the CLI set; empty when the session has no live process */
    public CompletionStage<Optional<String>> switchPermissionMode(String session, String mode) {
        return ask(session, JSON.createObjectBuilder().add("subtype", "set_permission_mode").add("mode", mode).build())
                .thenApply(answer -> answer.map(a -> Answers.text(a, "mode")).map(m -> m.isEmpty() ? mode : m));
    }

    /** Empty when the session has no live process; the context use is left out when the CLI does not tell. */
    public CompletionStage<Optional<LiveStatus>> status(String session) {
        CompletableFuture<Optional<LiveStatus>> done = new CompletableFuture<>();
        conversations.onLane(session, c -> {
            LiveStatus.State state = c.waitsForThePerson() ? LiveStatus.State.WAITING
                    : c.busy ? LiveStatus.State.WORKING : LiveStatus.State.IDLE;
            Duration uptime = Duration.between(c.started, Instant.now());
            c.channel.request(JSON.createObjectBuilder().add("subtype", "get_context_usage").add("detail", "summary").build())
                    .handle((usage, failure) -> done.complete(Optional.of(new LiveStatus(state, c.process.pid(), uptime,
                            usage == null ? OptionalInt.empty() : percent(usage), usage == null ? OptionalLong.empty() : maxTokens(usage)))));
        }, () -> done.complete(Optional.empty()));
        return done;
    }

    private CompletionStage<Optional<JsonObject>> ask(String session, JsonObject request) {
        CompletableFuture<Optional<JsonObject>> done = new CompletableFuture<>();
        conversations.onLane(session, c -> c.channel.request(request).whenComplete((answer, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            } else {
                done.complete(Optional.of(answer));
            }
        }), () -> done.complete(Optional.empty()));
        return done;
    }

    private static OptionalInt percent(JsonObject usage) {
        JsonValue value = usage.get("percentage");
        return value instanceof JsonNumber ? OptionalInt.of((int) Math.round(((JsonNumber) value).doubleValue())) : OptionalInt.empty();
    }

    private static OptionalLong maxTokens(JsonObject usage) {
        JsonValue value = usage.get("maxTokens");
        return value instanceof JsonNumber ? OptionalLong.of(((JsonNumber) value).longValue()) : OptionalLong.empty();
    }
}
