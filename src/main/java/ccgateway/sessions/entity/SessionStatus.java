package ccgateway.sessions.entity;

import java.util.Locale;

/** The recorded state of a session; whether its process really lives is the supervisor's to say. */
public enum SessionStatus {
    ACTIVE, SUSPENDED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionStatus fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
