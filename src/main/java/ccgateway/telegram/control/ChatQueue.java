package ccgateway.telegram.control;

import ccgateway.telegram.entity.Outgoing;
import ccgateway.telegram.entity.SendOutcome;
import ccgateway.threads.control.Workers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One chat's calls to Telegram, one in flight at a time, in the order they were queued; what
 * Telegram refuses for a while (429, 5xx, network) is tried again after a scheduled wait, never a
 * sleep. An edit waits, at its place in the queue, until the message it edits is known.
 * A queue that has sent everything retires (when it was given someone to tell): it takes nothing
 * more, and its owner drops it, so a chat answered once keeps no queue.
 */
final class ChatQueue {

    private static final System.Logger LOG = System.getLogger(ChatQueue.class.getName());
    /**
     * How long a call is retried through 429s, 5xx and network errors before it is given up.
     * A count of attempts would give up after about a minute of outage and lose the message (SPEC §4:
     * nothing is dropped); Telegram itself keeps undelivered updates for 24 hours.
     */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** What a call's stage completes with when it was finally not delivered. */
    static final int UNDELIVERED = -1;

    /** A queued call; {@code done} completes with Telegram's message id (0: none named) or {@link #UNDELIVERED}. */
    static final class Pending {
        Outgoing message;
        /** For an edit: the id of the message it edits, once that one is sent; null when known. */
        CompletionStage<Integer> target;
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        int transientFailures;
        long firstFailureNanos;

        Pending(Outgoing message, CompletionStage<Integer> target) {
            this.message = message;
            this.target = target;
        }
    }

    private final TelegramSender sender;
    private final Workers workers;
    /** For logs: MessageFormat would print 7,101. */
    private final String chat;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private boolean pumping;
    /** Called once the queue has retired; null: it never does. */
    private final Runnable retired;
    private boolean retiredNow;

    ChatQueue(long chatId, TelegramSender sender, Workers workers) {
        this(chatId, sender, workers, null);
    }

    ChatQueue(long chatId, TelegramSender sender, Workers workers, Runnable retired) {
        this.chat = String.valueOf(chatId);
        this.sender = sender;
        this.workers = workers;
        this.retired = retired;
    }

    /** @return false when the queue has retired: the caller drops it and adds to a new one */
    boolean add(Pending item) {
        synchronized (this) {
            if (retiredNow) {
                return false;
            }
            if (!item.message.typing()) {
                dropWaitingTypingIndicators(pending, p -> p.message.typing(), pumping, p -> p.done.complete(UNDELIVERED));
            }
            pending.addLast(item);
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        workers.run(this::pump);
        return true;
    }

    synchronized boolean hasRetired() {
        return retiredNow;
    }

    /** Sends head after head until the queue is empty or a wait is needed. */
    private void pump() {
        while (true) {
            Pending head;
            synchronized (this) {
                head = pending.peekFirst();
                if (head == null) {
                    pumping = false;
                    retiredNow = retired != null;
                }
            }
            if (head == null) {
                if (retired != null) {
                    retired.run();
                }
                return;
            }
            if (!targetKnown(head)) {
                return;
            }
            Duration wait = head.done.isDone() ? null : attempt(head);
            if (wait != null) {
                workers.later(wait, this::pump);
                return;
            }
            synchronized (this) {
                pending.pollFirst();
            }
        }
    }

    /** False while the head edits a message not sent yet: pumping goes on once it is (or is given up). */
    private boolean targetKnown(Pending head) {
        if (head.target == null) {
            return true;
        }
        CompletableFuture<Integer> target = head.target.toCompletableFuture();
        if (!target.isDone()) {
            target.whenComplete((id, failure) -> workers.run(this::pump));
            return false;
        }
        int id = target.isCompletedExceptionally() ? UNDELIVERED : target.join();
        head.target = null;
        if (id <= 0) {
            // the message never reached the chat: there is nothing to edit
            head.done.complete(UNDELIVERED);
        } else {
            head.message = head.message.withMessageId(id);
        }
        return true;
    }

    /** @return null when the head is finished with (delivered or given up), else how long to wait. */
    private Duration attempt(Pending head) {
        SendOutcome outcome = sender.attempt(head.message);
        if (outcome.done()) {
            head.done.complete(outcome instanceof SendOutcome.Delivered d ? d.messageId() : 0);
            return null;
        }
        if (head.message.typing()) {
            head.done.complete(UNDELIVERED);
            return null;
        }
        if (outcome instanceof SendOutcome.BadFormatting) {
            LOG.log(System.Logger.Level.INFO, "Chat {0}: formatting refused, sending as plain text", chat);
            head.message = head.message.asPlain();
            return Duration.ZERO;
        }
        if (outcome instanceof SendOutcome.Rejected rejected && head.message.threadId() != 0 && topicGone(rejected.reason())) {
            // the person deleted or closed the session's topic: the words come to the chat instead of being lost
            LOG.log(System.Logger.Level.INFO, "Chat {0}: topic {1} refused ({2}), sending to the chat itself", chat,
                    String.valueOf(head.message.threadId()), rejected.reason());
            head.message = head.message.inThread(0);
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
        LOG.log(System.Logger.Level.ERROR, "Chat {0}: {1} finally undeliverable ({2})", chat,
                head.message.kind().name().toLowerCase(java.util.Locale.ROOT), outcome);
        head.done.complete(UNDELIVERED);
        return null;
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

    static boolean topicGone(String reason) {
        String lower = String.valueOf(reason).toLowerCase(java.util.Locale.ROOT);
        return lower.contains("thread not found") || lower.contains("topic_closed") || lower.contains("topic_deleted");
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
