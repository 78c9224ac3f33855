package ccgateway.telegram.entity;

import java.util.Locale;
import java.util.Optional;

/** How updates reach the gateway: Telegram allows exactly one of the two at a time. */
public enum TelegramMode {
    WEBHOOK, POLLING;

    /** An explicit mode wins; otherwise a configured webhook URL means webhook mode (SPEC §3). */
    public static TelegramMode resolve(Optional<String> configured, Optional<String> webhookUrl) {
        return configured.map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .map(TelegramMode::valueOf)
                .orElse(webhookUrl.isPresent() ? WEBHOOK : POLLING);
    }
}
