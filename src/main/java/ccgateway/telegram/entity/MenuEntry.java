package ccgateway.telegram.entity;

import java.util.regex.Pattern;

/** One line of the bot's command menu; Telegram's limits are checked here, not discovered in a 400. */
public record MenuEntry(String command, String description) {

    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");

    public MenuEntry {
        if (command == null || !COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("not a Telegram command name: " + command);
        }
        if (description == null || description.isBlank() || description.length() > 256) {
            throw new IllegalArgumentException("a menu description is 1-256 characters: /" + command);
        }
    }
}
