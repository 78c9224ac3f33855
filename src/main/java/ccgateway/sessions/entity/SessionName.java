package ccgateway.sessions.entity;

import java.util.regex.Pattern;

/** Session and persona names become directory and file names: only this shape ever does. */
public final class SessionName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    public static final String RULE = "1-32 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit";

    private SessionName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
