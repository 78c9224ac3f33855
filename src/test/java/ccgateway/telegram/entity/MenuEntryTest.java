package ccgateway.telegram.entity;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What Telegram would refuse in setMyCommands is refused when the menu is built. */
class MenuEntryTest {

    @Test
    void menuEntriesKeepTelegramsLimits() {
        new MenuEntry("new_1", "create");
        assertThrows(IllegalArgumentException.class, () -> new MenuEntry("New", "x"));
        assertThrows(IllegalArgumentException.class, () -> new MenuEntry("a".repeat(33), "x"));
        assertThrows(IllegalArgumentException.class, () -> new MenuEntry("new", ""));
        assertThrows(IllegalArgumentException.class, () -> new MenuEntry("new", "x".repeat(257)));
    }
}
