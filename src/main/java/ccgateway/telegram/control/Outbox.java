package ccgateway.telegram.control;

import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every message the gateway sends goes through here. One queue per chat, one call in flight per
 * chat: the order a user reads is the order the gateway wrote. Waits never block a thread; they
 * are scheduled, so a chat in 429 back-off costs nothing to the others.
 */
@ApplicationScoped
public class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    /**
     * How long a message is retried through 429s, 5xx and network errors before it is given up.
     * A count of attempts would give up after about a minute of outage and lose the message (SPEC §4:
     * nothing is dropped); Telegram itself keeps undelivered updates for 24 hours.
     */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Inject
    TelegramSender sender;

    @Inject
    TelegramConfig config;

    @Inject
    Workers workers;

    private final ConcurrentMap<Long, ChatQueue> queues = new ConcurrentHashMap<>();

    /** Queues the text; the stage completes with whether Telegram finally took it. */
    public CompletionStage<Boolean> send(long chatId, String text) {
        return enqueue(Outgoing.plain(chatId, text));
    }

    public CompletionStage<Boolean> sendFormatted(long chatId, String html, String plainText) {
        return enqueue(Outgoing.formatted(chatId, html, plainText));
    }

    public void typing(long chatId) {
        enqueue(Outgoing.typingIndicator(chatId));
    }

    CompletionStage<Boolean> enqueue(Outgoing message) {
        if (config.token().isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "Not delivered to chat {0}: no bot token configured (TELEGRAM_BOT_TOKEN)", String.valueOf(message.chatId()));
            return CompletableFuture.completedFuture(false);
        }
        Pending pending = new Pending(message);
        queues.computeIfAbsent(message.chatId(), ChatQueue::new).add(pending);
        return pending.done;
    }

    private static final class Pending {
        Outgoing message;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        int transientFailures;
        long firstFailureNanos;

        Pending(Outgoing message) {
            this.message = message;
        }
    }

    private final class ChatQueue {
        private final long chatId;
        /** For logs: MessageFormat would print 7,101. */
        private final String chat;
        private final Deque<Pending> pending = new ArrayDeque<>();
        private boolean pumping;

        ChatQueue(long chatId) {
            this.chatId = chatId;
            this.chat = String.valueOf(chatId);
        }

        void add(Pending item) {
            synchronized (this) {
                if (!item.message.typing()) {
                    dropWaitingTypingIndicators(pending, p -> p.message.typing(), pumping, p -> p.done.complete(false));
                }
                pending.addLast(item);
                if (pumping) {
                    return;
                }
                pumping = true;
            }
            workers.run(this::pump);
        }

        /** Sends head after head until the queue is empty or a wait is needed. */
        private void pump() {
            while (true) {
                Pending head;
                synchronized (this) {
                    head = pending.peekFirst();
                    if (head == null) {
                        pumping = false;
                        return;
                    }
                }
                Duration wait = attempt(head);
                if (wait != null) {
                    workers.later(wait, this::pump);
                    return;
                }
                synchronized (this) {
                    pending.pollFirst();
                }
            }
        }

        /** @return null when the head is finished with (delivered or given up), else how long to wait. */
        private Duration attempt(Pending head) {
            SendOutcome outcome = sender.attempt(head.message);
            if (outcome instanceof SendOutcome.Delivered) {
                head.done.complete(true);
                return null;
            }
            if (head.message.typing()) {
                head.done.complete(false);
                return null;
            }
            if (outcome instanceof SendOutcome.BadFormatting) {
                LOG.log(System.Logger.Level.INFO, "Chat {0}: formatting refused, sending as plain text", chat);
                head.message = head.message.asPlain();
                return Duration.ZERO;
            }
            boolean givingUp = failingFor(head).compareTo(GIVE_UP_AFTER) > 0;
            if (outcome instanceof SendOutcome.RetryAfter retry && !givingUp) {
                LOG.log(System.Logger.Level.INFO, "Chat {0}: rate limited, retrying in {1}", chat, retry.delay());
                return retry.delay();
            }
            if (outcome instanceof SendOutcome.Transient failure && !givingUp) {
                head.transientFailures++;
                Duration backoff = backoff(head.transientFailures);
                LOG.log(System.Logger.Level.WARNING, "Chat {0}: {1}; retrying in {2}", chat, failure.reason(), backoff);
                return backoff;
            }
            LOG.log(System.Logger.Level.ERROR, "Chat {0}: message finally undeliverable ({1})", chat, outcome);
            head.done.complete(false);
            return null;
        }
    }

    /**
     * A "typing…" still waiting behind other calls is pointless once a message follows it (the
     * message ends the indicator in the client anyway) and would cost that message a round trip.
     * The head stays when it may be in flight.
     */
    static <T> void dropWaitingTypingIndicators(Deque<T> queue, Predicate<T> isTyping, boolean headInFlight, Consumer<T> dropped) {
        boolean head = true;
        for (Iterator<T> waiting = queue.iterator(); waiting.hasNext(); head = false) {
            T queued = waiting.next();
            if (isTyping.test(queued) && !(head && headInFlight)) {
                waiting.remove();
                dropped.accept(queued);
            }
        }
    }

    private static Duration failingFor(Pending head) {
        long now = System.nanoTime();
        if (head.firstFailureNanos == 0) {
            head.firstFailureNanos = now;
        }
        return Duration.ofNanos(now - head.firstFailureNanos);
    }

    static Duration backoff(int failures) {
        Duration delay = Duration.ofMillis(250L << Math.min(failures, 10));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
