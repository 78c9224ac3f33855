package ccgateway.telegram.boundary;

import ccgateway.storage.control.DataDir;
import ccgateway.supervision.control.ClaudeCommand;
import ccgateway.telegram.control.Allowlist;
import ccgateway.telegram.control.BotUsername;
import ccgateway.telegram.control.TelegramConfig;
import ccgateway.telegram.entity.Connected;
import ccgateway.telegram.entity.TelegramMode;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

/**
 * Connects to Telegram once the supervisor has reaped orphans: registers the webhook (with its
 * secret) or starts polling, and tells a newcomer in the log what runs and what is missing.
 * Then fires {@link Connected}, for whatever else Telegram should know about the bot (its menu).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("Supervisor")
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
public class TelegramConnection {

    private static final System.Logger LOG = System.getLogger(TelegramConnection.class.getName());

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
    @Readiness
    ReadinessCheck readiness;

    @Inject
    Workers workers;

    @Inject
    BotUsername username;

    @Inject
    Event<Connected> connected;

    @Inject
    @ConfigProperty(name = "gateway.idle-timeout-seconds", defaultValue = "600")
    long idleTimeoutSeconds;

    @PostConstruct
    void connect() {
        TelegramMode mode = config.mode();
        LOG.log(System.Logger.Level.INFO, "ccgateway: mode {0}, data dir {1}, claude {2}, {3} allowed user(s), idle timeout {4} s",
                mode.name().toLowerCase(java.util.Locale.ROOT), dataDir.root(), claude.executable().map(Object::toString).orElse("NOT FOUND"),
                allowlist.size(), idleTimeoutSeconds);
        explainWhatIsMissing();
        if (config.token().isEmpty()) {
            return;
        }
        if (mode == TelegramMode.POLLING) {
            poller.start();
        } else if (config.webhookUrl().isPresent()) {
            workers.run(registration::register);
        }
        try {
            connected.fire(new Connected(mode));
        } catch (RuntimeException e) {
            // what observers do (the menu) is a convenience: the gateway serves without it
            LOG.log(System.Logger.Level.ERROR, "After connecting: " + e, e);
        }
        workers.run(username::get);
        workers.run(() -> claude.version().ifPresent(v -> LOG.log(System.Logger.Level.INFO, "ccgateway: claude version {0}", v)));
    }

    /** One line per missing setting, each saying what to set: the readiness reasons, at the top of the log. */
    private void explainWhatIsMissing() {
        readiness.problems().values().forEach(reason -> LOG.log(System.Logger.Level.WARNING, "Not ready: {0}", reason));
    }

}
