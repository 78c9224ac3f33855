package ccgateway.telegram.boundary;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.inbox.control.Inbox;
import ccgateway.supervision.control.SupervisorStatus;
import ccgateway.telegram.control.Dispatcher;
import ccgateway.telegram.control.PollingOffsets;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.request.DeleteWebhook;
import com.pengrad.telegrambot.request.GetUpdates;
import com.pengrad.telegrambot.response.BaseResponse;
import com.pengrad.telegrambot.response.GetUpdatesResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Polling mode (SPEC §4): long-polls {@code getUpdates} on a dedicated container thread and feeds
 * the same de-duplication and dispatcher as the webhook. The offset is persisted after each batch
 * ({@link PollingOffsets}); an update fetched again after a crash is recognised by the ledger, so a
 * restart neither replays nor loses one.
 * <p>
 * In a cluster (SPEC §13) only the leader, the oldest member, polls: the others wait and look again
 * every {@link #FOLLOWER_CHECK}. A member that becomes leader reads the offset its predecessor
 * left in the shared database. Telegram answers a second poller with 409; in a cluster that only
 * means "not leader" (a leader that has just left may still hold its long poll), not a problem.
 */
@ApplicationScoped
public class UpdatePoller {

    private static final System.Logger LOG = System.getLogger(UpdatePoller.class.getName());
    static final int LONG_POLL_SECONDS = 25;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration FOLLOWER_CHECK = Duration.ofMillis(500);
    static final int CONFLICT = 409;

    @Inject
    TelegramBot bot;

    @Inject
    PollingOffsets offsets;

    @Inject
    Inbox inbox;

    @Inject
    Dispatcher dispatcher;

    @Inject
    SupervisorStatus supervisor;

    @Inject
    Workers workers;

    @Inject
    ClusterNode cluster;

    private volatile boolean running;
    private volatile String problem;
    /** The next update wanted; read from the database once, then kept here (only the poller's thread touches it). */
    private long offset = -1;
    private final PollPace pace = new PollPace(System::nanoTime);

    public void start() {
        running = true;
        workers.dedicated("telegram-poller", this::loop);
    }

    public void stop() {
        running = false;
    }

    /** The last failure, while polling fails; empty once a poll succeeds. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void loop() {
        int failures = 0;
        boolean webhookDeleted = false;
        boolean leader = true;
        while (running && supervisor.isRunning()) {
            try {
                if (!cluster.isLeader()) {
                    leader = false;
                    pause(FOLLOWER_CHECK);
                    continue;
                }
                if (!leader) {
                    leader = true;
                    offset = -1;
                    LOG.log(System.Logger.Level.INFO, "Node {0} is the oldest member now: it polls Telegram", cluster.nodeName());
                }
                if (!webhookDeleted) {
                    // Telegram serves getUpdates only without a webhook; pending updates are kept
                    expectOk(bot.execute(new DeleteWebhook()), "deleteWebhook");
                    webhookDeleted = true;
                }
                pace.started();
                Duration wait = pace.finished(poll());
                failures = 0;
                problem = null;
                if (pace.firstEarlyAnswer(wait)) {
                    LOG.log(System.Logger.Level.INFO, "The Bot API answers an empty getUpdates before the long poll''s {0} s: "
                            + "empty polls are spaced {1} ms apart", LONG_POLL_SECONDS, PollPace.MIN_EMPTY_INTERVAL.toMillis());
                }
                pause(wait);
            } catch (RuntimeException e) {
                // e.g. the ledger cannot write: the offset stays, the batch comes again
                failures++;
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, "Polling: updates not accepted ({0})", problem);
                pause(backoff(failures));
            } catch (PollFailure e) {
                if (e.code == CONFLICT && cluster.clustered()) {
                    LOG.log(System.Logger.Level.INFO, "Polling: another member still polls (409); node {0} tries again", cluster.nodeName());
                    pause(FOLLOWER_CHECK);
                    continue;
                }
                failures++;
                problem = e.getMessage();
                webhookDeleted = webhookDeleted && e.code != 409;
                Duration wait = e.retryAfter != null ? e.retryAfter : backoff(failures);
                LOG.log(System.Logger.Level.WARNING, "Polling Telegram failed ({0}); retrying in {1} s", e.getMessage(), wait.getSeconds());
                pause(wait);
            }
        }
        LOG.log(System.Logger.Level.INFO, "Polling stopped");
    }

    /** @return how many updates the answer carried */
    private int poll() throws PollFailure {
        if (offset < 0) {
            // only at start: re-read after every batch, an offset that could not be written would
            // send the poller back to an older offset, fetching the same updates again at full speed
            offset = offsets.read();
        }
        GetUpdatesResponse response;
        try {
            response = bot.execute(new GetUpdates().offset((int) offset).timeout(LONG_POLL_SECONDS).allowedUpdates(Dispatcher.UPDATE_TYPES.toArray(new String[0])));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PollFailure(0, "getUpdates: " + cause.getClass().getSimpleName(), null);
        }
        expectOk(response, "getUpdates");
        List<Update> updates = response.updates() == null ? List.of() : response.updates();
        long next = offset;
        for (Update update : updates) {
            if (update.updateId() == null || !running) {
                continue;
            }
            if (inbox.accept(update)) {
                dispatcher.accept(update);
            }
            next = Math.max(next, update.updateId() + 1L);
        }
        if (next != offset) {
            offset = next;
            writeOffset(next);
        }
        return updates.size();
    }

    private static void expectOk(BaseResponse response, String method) throws PollFailure {
        if (response == null) {
            throw new PollFailure(0, method + ": no answer", null);
        }
        if (!response.isOk()) {
            Integer retryAfter = response.parameters() == null ? null : response.parameters().retryAfter();
            throw new PollFailure(response.errorCode(), method + ": " + response.errorCode() + " " + response.description(),
                    retryAfter == null ? null : Duration.ofSeconds(retryAfter));
        }
    }

    private static final class PollFailure extends Exception {
        final int code;
        final Duration retryAfter;

        PollFailure(int code, String message, Duration retryAfter) {
            super(message);
            this.code = code;
            this.retryAfter = retryAfter;
        }
    }

    /** A failure costs nothing but a repetition after a restart, which the ledger drops. */
    private void writeOffset(long next) {
        try {
            offsets.write(next);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot write the polling offset {0}: {1}; after a restart, updates since are "
                    + "fetched again and recognised by the ledger", String.valueOf(next), e.toString());
        }
    }

    static Duration backoff(int failures) {
        Duration wait = Duration.ofSeconds(1L << Math.min(failures - 1, 5));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
