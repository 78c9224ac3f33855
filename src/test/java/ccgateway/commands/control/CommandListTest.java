package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.MenuEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /help text and Telegram's command menu say the same thing. */
class CommandListTest {

    @Test
    void everyMenuEntryIsItsHelpLine() {
        List<String> help = List.of(Commands.HELP.split("\n"));
        for (CommandList.Line line : CommandList.LINES) {
            assertTrue(help.contains(line.help()), "not in /help: " + line.help() + "\n" + Commands.HELP);
            MenuEntry entry = line.menu();
            String shown = "/" + entry.command() + " " + (line.arguments().isEmpty() ? "- " : "") + entry.description();
            assertEquals(line.help(), shown, "the menu tells another story than /help");
        }
    }

    @Test
    void everyCommandOfTheHelpTextIsInTheMenu() {
        List<String> commands = CommandList.menu().stream().map(MenuEntry::command).toList();
        for (String line : Commands.HELP.split("\n")) {
            if (line.startsWith("/")) {
                String command = line.substring(1).split("[ ]", 2)[0];
                assertTrue(commands.contains(command), "/" + command + " is missing from the menu");
            }
        }
        assertEquals(commands.size(), commands.stream().distinct().count(), "a command twice: " + commands);
    }

    @Test
    void helpReadsAsBefore() {
        assertTrue(Commands.HELP.startsWith("ccgateway: your Claude Code sessions on Telegram.\n\n/new <name> [persona] - create a session"));
        assertTrue(Commands.HELP.contains("\n/archive <name> - stop a session and move it to the archive\n/help - this list (also /start)\n\n"));
        assertTrue(Commands.HELP.endsWith("Anything else you send (text, photos, documents) goes to the active session."));
    }
}
