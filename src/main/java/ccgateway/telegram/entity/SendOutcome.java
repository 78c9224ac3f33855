package ccgateway.telegram.entity;

import java.time.Duration;

/** What one attempt at a Telegram call told us, and so what the outbox does next. */
public sealed interface SendOutcome {

    /** {@code messageId} is the message Telegram created or edited, 0 when its answer names none. */
    record Delivered(int messageId) implements SendOutcome {
    }

    /**
     * The Bot API answered {@code ok} but its result could not be read (a server that is not quite
     * Telegram: a {@code date} in milliseconds). The call most likely did what it should; sending it
     * again would show the message twice and hold up the chat's queue behind it.
     */
    record Unreadable(String reason) implements SendOutcome {
    }

    /** An edit to what the message already shows (400 "message is not modified"): nothing left to do. */
    record Unchanged() implements SendOutcome {
    }

    /** 429: Telegram said when to try again. */
    record RetryAfter(Duration delay) implements SendOutcome {
    }

    /** 5xx or a network error: worth trying again with backoff. */
    record Transient(String reason) implements SendOutcome {
    }

    /** Telegram could not parse the formatting: the same text goes again as plain text. */
    record BadFormatting(String reason) implements SendOutcome {
    }

    /** Any other refusal (403 blocked, 400 chat not found, message to edit not found): retrying cannot help. */
    record Rejected(String reason) implements SendOutcome {
    }

    /** Done with: Telegram took it (or answered as if it had), or there was nothing to change. */
    default boolean done() {
        return this instanceof Delivered || this instanceof Unchanged || this instanceof Unreadable;
    }
}
