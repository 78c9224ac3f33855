package ccgateway.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little JSON the test fixtures write by hand. */
public final class Json {

    private static final Pattern UPDATE_ID = Pattern.compile("\"update_id\"\\s*:\\s*(-?\\d+)");

    private Json() {
    }

    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    public static long updateId(String update) {
        Matcher m = UPDATE_ID.matcher(update);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
