package ccgateway.telegram.control;

import ccgateway.telegram.entity.TelegramMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Telegram settings of SPEC §3. Empty values count as unset: MicroProfile Config treats them so too.
 * The two secrets may come from files (SPEC §10), used when the plain key is not set; a file is
 * read once, at first use (the bot client is built once with the token anyway).
 */
@ApplicationScoped
public class TelegramConfig {

    @Inject
    @ConfigProperty(name = "telegram.bot-token")
    Optional<String> token;

    @Inject
    @ConfigProperty(name = "telegram.bot-token-file")
    Optional<String> tokenFile = Optional.empty();

    @Inject
    @ConfigProperty(name = "telegram.api-url", defaultValue = "https://api.telegram.org")
    String apiUrl;

    @Inject
    @ConfigProperty(name = "telegram.mode")
    Optional<String> mode;

    @Inject
    @ConfigProperty(name = "telegram.webhook-url")
    Optional<String> webhookUrl;

    @Inject
    @ConfigProperty(name = "telegram.webhook-secret")
    Optional<String> webhookSecret;

    @Inject
    @ConfigProperty(name = "telegram.webhook-secret-file")
    Optional<String> webhookSecretFile = Optional.empty();

    private volatile Secret tokenFromFile;
    private volatile Secret webhookSecretFromFile;

    public Optional<String> token() {
        return tokenSource().value();
    }

    /** Why the token file named by {@code telegram.bot-token-file} gives no token; empty when it does or none is named. */
    public Optional<String> tokenProblem() {
        return tokenSource().problem();
    }

    private Secret tokenSource() {
        Optional<String> plain = token.map(String::trim).filter(s -> !s.isEmpty());
        if (plain.isPresent()) {
            return Secret.given(plain.get());
        }
        if (tokenFromFile == null) {
            tokenFromFile = Secret.fromFile(tokenFile, "telegram.bot-token-file");
        }
        return tokenFromFile;
    }

    /** For anything that may end up in a log: the token never does, even inside an error message. */
    public String redact(String text) {
        String result = String.valueOf(text);
        return token().map(t -> result.replace(t, "<token>")).orElse(result);
    }

    public String apiUrl() {
        return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }

    public Optional<String> webhookUrl() {
        return webhookUrl.map(String::trim).filter(s -> !s.isEmpty());
    }

    public Optional<String> webhookSecret() {
        return webhookSecretSource().value();
    }

    public Optional<String> webhookSecretProblem() {
        return webhookSecretSource().problem();
    }

    private Secret webhookSecretSource() {
        Optional<String> plain = webhookSecret.filter(s -> !s.isEmpty());
        if (plain.isPresent()) {
            return Secret.given(plain.get());
        }
        if (webhookSecretFromFile == null) {
            webhookSecretFromFile = Secret.fromFile(webhookSecretFile, "telegram.webhook-secret-file");
        }
        return webhookSecretFromFile;
    }

    /** An unknown mode is reported by readiness; until fixed the gateway falls back to the default. */
    public TelegramMode mode() {
        try {
            return TelegramMode.resolve(mode, webhookUrl());
        } catch (IllegalArgumentException e) {
            return TelegramMode.resolve(Optional.empty(), webhookUrl());
        }
    }

    public Optional<String> invalidModeReason() {
        try {
            TelegramMode.resolve(mode, webhookUrl());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("telegram.mode must be 'webhook' or 'polling', not '" + mode.orElse("") + "' (TELEGRAM_MODE)");
        }
    }
}
