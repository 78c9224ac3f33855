package ccgateway.commands.control;

import ccgateway.telegram.entity.MenuEntry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every command with its one line of explanation: the single source of the /help text and of
 * the menu Telegram shows (SPEC §9, "Command menu"), so the two cannot tell different stories.
 */
final class CommandList {

    /** {@code arguments} as the user types them ("" when none). */
    record Line(String command, String arguments, String description) {

        String help() {
            return "/" + command + (arguments.isEmpty() ? "" : " " + arguments) + " - " + description;
        }

        /** The /help line without its leading "/command". */
        MenuEntry menu() {
            return new MenuEntry(command, arguments.isEmpty() ? description : arguments + " - " + description);
        }
    }

    static final List<Line> LINES = List.of(
            new Line("new", "<name> [persona]", "create a session and make it active"),
            new Line("switch", "<name>", "make another session active"),
            new Line("sessions", "", "list all sessions"),
            new Line("timeout", "[minutes]", "show or set the active session's idle timeout (1-120)"),
            new Line("model", "[name]", "show or set the active session's model"),
            new Line("mode", "[mode]", "show or set the permission mode (default, acceptEdits, plan)"),
            new Line("cancel", "", "stop what Claude is doing (the session and its history stay)"),
            new Line("status", "", "what the active session is doing, its model, cost and context"),
            new Line("get", "<path>", "send a file of the active session's directory (a folder: its entries)"),
            new Line("archive", "<name>", "stop a session and move it to the archive"),
            new Line("help", "", "this list (also /start)"));

    private CommandList() {
    }

    static String help() {
        return String.join("\n",
                "ccgateway: your Claude Code sessions on Telegram.",
                "",
                LINES.stream().map(Line::help).collect(Collectors.joining("\n")),
                "",
                "Anything else you send (text, photos, documents) goes to the active session.");
    }

    static List<MenuEntry> menu() {
        return LINES.stream().map(Line::menu).toList();
    }
}
