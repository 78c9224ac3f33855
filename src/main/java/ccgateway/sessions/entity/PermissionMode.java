package ccgateway.sessions.entity;

import java.util.List;

/**
 * The permission modes a person may choose from the chat (SPEC §9). {@code bypassPermissions} is
 * not among them: the CLI refuses it as root, and it would run every tool unasked.
 */
public final class PermissionMode {

    public static final List<String> CHOOSABLE = List.of("default", "acceptEdits", "plan");

    private PermissionMode() {
    }

    public static boolean isKnown(String mode) {
        return CHOOSABLE.contains(mode);
    }
}
