package ccgateway.telegram.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may use the bot, and in which groups. Fails closed: no list, or a list of nothing valid, lets
 * nobody in; no list of chats serves private chats only (SPEC §10).
 */
@ApplicationScoped
public class Allowlist {

    private static final System.Logger LOG = System.getLogger(Allowlist.class.getName());

    @Inject
    @ConfigProperty(name = "telegram.allowed-users")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "telegram.allowed-chats")
    Optional<String> configuredChats = Optional.empty();

    private Set<Long> users = Set.of();
    private Set<Long> chats = Set.of();
    /** The first id as configured: the owner of sessions from a data dir that recorded none (SPEC §10). */
    private Optional<Long> first = Optional.empty();

    @PostConstruct
    void init() {
        List<Long> ordered = ids(configured, "telegram.allowed-users", "user");
        users = Set.copyOf(ordered);
        first = ordered.stream().findFirst();
        chats = Set.copyOf(ids(configuredChats, "telegram.allowed-chats", "chat"));
    }

    private static List<Long> ids(Optional<String> configured, String key, String what) {
        return configured.stream()
                .flatMap(s -> Arrays.stream(s.split("[,\\s]+")))
                .filter(s -> !s.isBlank())
                .map(id -> parse(id, key, what))
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
    }

    public Optional<Long> first() {
        return first;
    }

    private static Optional<Long> parse(String id, String key, String what) {
        try {
            return Optional.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring " + key + " entry that is not a " + what + " id: {0}", id);
            return Optional.empty();
        }
    }

    public boolean allows(Long userId) {
        return userId != null && users.contains(userId);
    }

    /** A group or supergroup the bot serves (its allowed users only); private chats need no listing. */
    public boolean listsChat(long chatId) {
        return chats.contains(chatId);
    }

    public int size() {
        return users.size();
    }
}
