package ccgateway.telegram.entity;

import java.time.Duration;

/** What one attempt at sending told us, and so what the outbox does next. */
public sealed interface SendOutcome {

    record Delivered() implements SendOutcome {
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

    /** Any other refusal (403 blocked, 400 chat not found): retrying cannot help. */
    record Rejected(String reason) implements SendOutcome {
    }
}
