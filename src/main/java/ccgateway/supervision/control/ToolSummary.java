package ccgateway.supervision.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/** The one-line description of a tool call shown to the user while Claude works ("Bash: ls -la"). */
final class ToolSummary {

    // the input field that says most about a call of these tools; others show their first string value
    private static final Map<String, String> TELLING_FIELD = Map.of(
            "Bash", "command", "Read", "file_path", "Write", "file_path", "Edit", "file_path");

    private ToolSummary() {
    }

    static String of(String tool, JsonValue input) {
        String field = TELLING_FIELD.get(tool);
        String text = field != null ? StreamJsonParser.string(input, field) : firstString(input);
        return oneLine(text, StreamJsonParser.SUMMARY_LENGTH);
    }

    private static String firstString(JsonValue input) {
        if (input instanceof JsonObject) {
            for (JsonValue value : ((JsonObject) input).values()) {
                if (value instanceof JsonString) {
                    return ((JsonString) value).getString();
                }
            }
        }
        return "";
    }

    /** Collapses whitespace (a multi-line script becomes one line) and cuts at {@code max} chars with an ellipsis. */
    static String oneLine(String text, int max) {
        // cut before collapsing, so a 10 MB heredoc costs no more than a short command
        String head = text.length() > 4 * max ? text.substring(0, 4 * max) : text;
        String line = head.strip().replaceAll("\\s+", " ");
        if (line.length() <= max && head.length() == text.length()) {
            return line;
        }
        int cut = Math.min(line.length(), max - 1);
        if (cut > 0 && Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + "…";
    }
}
