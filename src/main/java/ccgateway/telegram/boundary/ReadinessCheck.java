package ccgateway.telegram.boundary;

import ccgateway.storage.control.DataDir;
import ccgateway.supervision.control.ClaudeCommand;
import ccgateway.telegram.control.Allowlist;
import ccgateway.telegram.control.TelegramConfig;
import ccgateway.telegram.entity.TelegramMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** SPEC §8: ready only when a user could actually be served; each failing check says what to set. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    TelegramConfig config;

    @Inject
    Allowlist allowlist;

    @Inject
    DataDir dataDir;

    @Inject
    ClaudeCommand claude;

    @Inject
    UpdatePoller poller;

    @Inject
    WebhookRegistration registration;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> problems = problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ccgateway").status(problems.isEmpty());
        problems.forEach(response::withData);
        return response.build();
    }

    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (config.token().isEmpty()) {
            problems.put("token", "telegram.bot-token is not set (TELEGRAM_BOT_TOKEN)");
        }
        if (allowlist.size() == 0) {
            problems.put("allowlist", "telegram.allowed-users is empty: nobody may use the bot (TELEGRAM_ALLOWED_USERS)");
        }
        dataDir.unwritableReason().ifPresent(reason -> problems.put("dataDir", reason));
        claude.unusableReason().ifPresent(reason -> problems.put("claude", reason));
        config.invalidModeReason().ifPresent(reason -> problems.put("mode", reason));
        if (config.mode() == TelegramMode.WEBHOOK && config.webhookSecret().isEmpty()) {
            problems.put("webhookSecret", "telegram.webhook-secret is not set: the webhook refuses every request (TELEGRAM_WEBHOOK_SECRET)");
        }
        registration.problem().or(poller::problem).ifPresent(reason -> problems.put("telegram", reason));
        return problems;
    }
}
