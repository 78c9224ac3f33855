package ccgateway.telegram.boundary;

import ccgateway.cluster.control.ClusterNode;
import ccgateway.cluster.entity.NodeLoad;
import ccgateway.storage.control.DataDir;
import ccgateway.supervision.control.ClaudeCommand;
import ccgateway.telegram.control.Allowlist;
import ccgateway.telegram.control.TelegramConfig;
import ccgateway.telegram.entity.TelegramMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * SPEC §8: ready only when a user could actually be served; each failing check says what to set.
 * The same reasons open the log at startup, so a newcomer reads them where they look first.
 * A member of a cluster (SPEC §13) also says which node it is and what it sees of the cluster;
 * a single node's answer is unchanged.
 */
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

    @Inject
    ClusterNode cluster;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> problems = problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ccgateway").status(problems.isEmpty());
        problems.forEach(response::withData);
        if (cluster.clustered()) {
            response.withData("node", cluster.nodeName());
            response.withData("cluster", cluster.describe());
            // the nodes new sessions can be placed on: members that published their load and address
            response.withData("placing", cluster.loads().stream().filter(l -> !l.url().isEmpty()).map(NodeLoad::node).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return response.build();
    }

    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (config.tokenProblem().isPresent()) {
            problems.put("token", config.tokenProblem().get());
        } else if (config.token().isEmpty()) {
            problems.put("token", "TELEGRAM_BOT_TOKEN (telegram.bot-token) is not set: set it, or TELEGRAM_BOT_TOKEN_FILE "
                    + "(telegram.bot-token-file) to a file holding it, to the token @BotFather gave you");
        }
        if (allowlist.size() == 0) {
            problems.put("allowlist", "TELEGRAM_ALLOWED_USERS (telegram.allowed-users) is empty: nobody may use the bot; "
                    + "set it to your Telegram user id (several: comma-separated)");
        }
        dataDir.unwritableReason().ifPresent(reason -> problems.put("dataDir", reason));
        claude.unusableReason().ifPresent(reason -> problems.put("claude", reason));
        config.invalidModeReason().ifPresent(reason -> problems.put("mode", reason));
        if (config.mode() == TelegramMode.WEBHOOK && config.webhookSecretProblem().isPresent()) {
            problems.put("webhookSecret", config.webhookSecretProblem().get() + "; the webhook refuses every request");
        } else if (config.mode() == TelegramMode.WEBHOOK && config.webhookSecret().isEmpty()) {
            problems.put("webhookSecret", "TELEGRAM_WEBHOOK_SECRET (telegram.webhook-secret) is not set: the webhook refuses every "
                    + "request; set it to a random string of letters, digits, '_' and '-'");
        }
        registration.problem().or(poller::problem).ifPresent(reason -> problems.put("telegram", reason));
        return problems;
    }
}
