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

/** Who may use the bot. Fails closed: no list, or a list of nothing valid, lets nobody in. */
@ApplicationScoped
public class Allowlist {

    private static final System.Logger LOG = System.getLogger(Allowlist.class.getName());

    @Inject
    @ConfigProperty(name = "telegram.allowed-users")
    Optional<String> configured;

    private Set<Long> users = Set.of();
    /** The first id as configured: the owner of sessions from a data dir that recorded none (SPEC §10). */
    private Optional<Long> first = Optional.empty();

    @PostConstruct
    void init() {
        List<Long> ordered = configured.stream()
                .flatMap(s -> Arrays.stream(s.split("[,\\s]+")))
                .filter(s -> !s.isBlank())
                .map(Allowlist::parse)
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
        users = Set.copyOf(ordered);
        first = ordered.stream().findFirst();
    }

    public Optional<Long> first() {
        return first;
    }

    private static Optional<Long> parse(String id) {
        try {
            return Optional.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring telegram.allowed-users entry that is not a user id: {0}", id);
            return Optional.empty();
        }
    }

    public boolean allows(Long userId) {
        return userId != null && users.contains(userId);
    }

    public int size() {
        return users.size();
    }
}
