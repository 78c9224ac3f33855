package ccgateway.supervision.control;

import ccgateway.sessions.entity.PermissionMode;
import ccgateway.sessions.entity.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The exact launch of SPEC §5: argv (never a shell line: persona text and model are single argv
 * entries), working directory, and an environment without the gateway's secrets but with the
 * marker that makes every descendant findable after a crash.
 */
public record ClaudeLaunch(List<String> argv, Path directory, Map<String, String> markerEnv) {

    /**
     * Secrets of the gateway that neither Claude nor the commands it runs may read, in the form
     * MicroProfile Config looks them up in the environment (SPEC §10): every variable that maps to
     * one of these is withheld — {@code telegram.bot-token}, {@code telegram_bot_token},
     * {@code TELEGRAM_BOT-TOKEN} alike. A secret file's path is withheld too: it says where to read.
     */
    static final Set<String> WITHHELD = Set.of("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN_FILE",
            "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_SECRET_FILE", "GATEWAY_DATABASE_PASSWORD",
            // a JDBC URL may carry the password itself (?password=…)
            "GATEWAY_DATABASE_URL");

    /**
     * MicroProfile Config's mapping of a key to an environment name: non-alphanumerics to '_', upper
     * case; a profile's key ({@code %prod.telegram.bot-token}) becomes {@code _PROD_TELEGRAM_BOT_TOKEN}.
     */
    static boolean withheld(String variable) {
        String mapped = variable.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
        return WITHHELD.stream().anyMatch(key -> mapped.equals(key) || mapped.startsWith("_") && mapped.endsWith("_" + key));
    }

    /** The variables every JVM reads its options from: a {@code -Dtelegram.bot-token=…} there is the token. */
    static final Set<String> JVM_OPTIONS = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final java.util.regex.Pattern SECRET_FLAG = java.util.regex.Pattern.compile(
            "-D(%[^.\\s]+\\.)?(telegram\\.bot-token|telegram\\.webhook-secret|gateway\\.database-password|gateway\\.database-url)(-file)?=", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A secret by its name, or JVM options that set one (the gateway started with the token in JAVA_TOOL_OPTIONS). */
    static boolean withheld(String variable, String value) {
        return withheld(variable) || JVM_OPTIONS.contains(variable) && value != null && SECRET_FLAG.matcher(value).find();
    }

    /**
     * What a Claude session id may look like to be passed on (the CLI's are UUIDs). The id comes
     * from the CLI's stdout and from session.json, which anyone with the data dir can edit: a value
     * such as {@code --dangerously-skip-permissions} must never reach the argv.
     */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");

    /** True when {@code id} is a Claude session id that may be passed to {@code --resume=}. */
    public static boolean usableHistory(String id) {
        return id != null && SESSION_ID.matcher(id).matches();
    }

    /** @param executable the resolved absolute path ({@link ClaudeCommand#executable()}): never searched for in {@code directory} */
    public static ClaudeLaunch of(String executable, List<String> extraArgs, Session session, String personaText,
            Path directory, ProcessTree.Marker marker, boolean resume) {
        List<String> argv = new ArrayList<>(List.of(executable, "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio"));
        if (PermissionMode.isKnown(session.permissionMode()) && !session.permissionMode().equals(Session.DEFAULT_MODE)) {
            argv.addAll(List.of("--permission-mode", session.permissionMode()));
        }
        // the text deltas (stream_event lines): private chats see the answer while it is written (SPEC §11)
        argv.add("--include-partial-messages");
        // --flag=value: a value can never be read as a flag of its own
        if (session.model() != null && !session.model().isBlank()) {
            argv.add("--model=" + session.model());
        }
        if (personaText != null && !personaText.isBlank()) {
            argv.addAll(List.of("--append-system-prompt", personaText));
        }
        if (resume && usableHistory(session.claudeSessionId())) {
            argv.add("--resume=" + session.claudeSessionId());
        }
        argv.addAll(extraArgs);
        return new ClaudeLaunch(List.copyOf(argv), directory, marker.env());
    }

    public ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
        Map<String, String> env = builder.environment();
        env.entrySet().removeIf(e -> withheld(e.getKey(), e.getValue()));
        env.putAll(markerEnv);
        return builder;
    }
}
