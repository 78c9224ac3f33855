package ccgateway.commands.control;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What /get answers in words (SPEC §11, "Files back"), and the size Telegram lets a bot send. */
final class FileAnswers {

    /** The Bot API takes documents of up to 50 MB from a bot. */
    static final long MAX_BYTES = 50L * 1024 * 1024;
    /** A folder of more entries is listed up to here, with a count of the rest: a node_modules is not worth 50 messages. */
    static final int MAX_ENTRIES = 1000;
    static final String USAGE = "Usage: /get <path> (a file or folder in the active session's directory)";

    private FileAnswers() {
    }

    static boolean fitsTelegram(long size) {
        return size <= MAX_BYTES;
    }

    static String tooLarge(String asked, long size) {
        return quoted(asked) + " is " + megabytes(size) + " MB; Telegram lets a bot send files up to 50 MB.";
    }

    /** One decimal, rounded up: 50 MB and one byte is 50.1 MB, never "50.0 MB" over a 50 MB limit. */
    static String megabytes(long size) {
        double tenths = Math.ceil(size * 10.0 / (1024 * 1024));
        return String.format(Locale.ROOT, "%.1f", tenths / 10);
    }

    static String outside(String asked, String session) {
        return quoted(asked) + " is outside the directory of session '" + session + "'; nothing was sent.";
    }

    static String missing(String asked, String session) {
        return "No file or folder " + quoted(asked) + " in session '" + session + "'. Use /get . to list its directory.";
    }

    static String empty(String asked) {
        return quoted(asked) + " is empty; Telegram does not send empty files.";
    }

    static String notAFile(String asked) {
        return quoted(asked) + " is neither a file nor a folder.";
    }

    static String unreadable(String asked) {
        return quoted(asked) + " could not be read.";
    }

    static String notDelivered(String asked) {
        return quoted(asked) + " could not be sent to Telegram.";
    }

    /** Names as given (folders ending in "/"), sorted, one a line; control characters cannot break the lines. */
    static String listing(String asked, List<String> names) {
        if (names.isEmpty()) {
            return "The folder " + quoted(asked) + " is empty.";
        }
        List<String> sorted = names.stream().map(n -> n.replaceAll("\\p{Cntrl}", "?")).sorted().collect(Collectors.toList());
        String shown = String.join("\n", sorted.subList(0, Math.min(sorted.size(), MAX_ENTRIES)));
        return sorted.size() > MAX_ENTRIES ? shown + "\n… and " + (sorted.size() - MAX_ENTRIES) + " more" : shown;
    }

    private static String quoted(String asked) {
        return "'" + Text.shown(asked) + "'";
    }
}
