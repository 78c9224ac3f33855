package ccgateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Broken variants of real Telegram updates, reproducible from a seed: truncated, bytes flipped,
 * values of the wrong type, huge numbers, deep nesting, unknown fields, invalid UTF-8, long and
 * odd unicode texts. The real updates use update ids 10-16, user 1001 and chats 1001 and -200.
 */
public final class Mutations {

    public static final List<String> REAL = List.of(
            "{\"update_id\":10,\"message\":{\"message_id\":1,\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\"},"
                    + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"date\":1700000000,\"text\":\"/new work\","
                    + "\"entities\":[{\"offset\":0,\"length\":4,\"type\":\"bot_command\"}]}}",
            "{\"update_id\":11,\"message\":{\"message_id\":2,\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\"},"
                    + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"date\":1700000000,\"photo\":[{\"file_id\":\"s\",\"file_unique_id\":\"u\","
                    + "\"width\":90,\"height\":90,\"file_size\":100},{\"file_id\":\"b\",\"file_unique_id\":\"v\",\"width\":1280,"
                    + "\"height\":960,\"file_size\":99999}],\"caption\":\"look\"}}",
            "{\"update_id\":12,\"message\":{\"message_id\":3,\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\"},"
                    + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"date\":1700000000,\"document\":{\"file_id\":\"d\","
                    + "\"file_unique_id\":\"w\",\"file_name\":\"../../etc/passwd\",\"mime_type\":\"text/plain\",\"file_size\":12}}}",
            "{\"update_id\":13,\"edited_message\":{\"message_id\":1,\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\"},"
                    + "\"chat\":{\"id\":1001,\"type\":\"private\"},\"date\":1700000000,\"edit_date\":1700000100,\"text\":\"changed\"}}",
            "{\"update_id\":14,\"callback_query\":{\"id\":\"42\",\"from\":{\"id\":6666,\"is_bot\":false,\"first_name\":\"S\"},"
                    + "\"chat_instance\":\"1\",\"data\":\"x\"}}",
            "{\"update_id\":15,\"channel_post\":{\"message_id\":9,\"sender_chat\":{\"id\":-100123,\"type\":\"channel\",\"title\":\"c\"},"
                    + "\"chat\":{\"id\":-100123,\"type\":\"channel\",\"title\":\"c\"},\"date\":1700000000,\"text\":\"post\"}}",
            "{\"update_id\":16,\"message\":{\"message_id\":4,\"from\":{\"id\":6666,\"is_bot\":false,\"first_name\":\"S\"},"
                    + "\"chat\":{\"id\":-200,\"type\":\"group\",\"title\":\"g\"},\"date\":1700000000,\"text\":\"hi all\","
                    + "\"forward_origin\":{\"type\":\"user\",\"date\":1,\"sender_user\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"A\"}}}}");

    public static final String[] VALUES = {"\"str\"", "{}", "[]", "true", "null", "-1", "0", "1e400", "99999999999999999999999999",
            "-9223372036854775809", "9223372036854775807", "1.5", "\"\\u0000\"", "\"\\ud800\"", "[[[[]]]]", "{\"a\":{\"b\":{}}}"};

    private final Random random;

    public Mutations(long seed) {
        random = new Random(seed);
    }

    /** One mutation of a randomly chosen real update. */
    public byte[] next() {
        return mutate(REAL.get(random.nextInt(REAL.size())).getBytes(StandardCharsets.UTF_8));
    }

    /** Up to three mutations of the given update. */
    public byte[] mutate(byte[] real) {
        byte[] out = real;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            out = mutateOnce(out);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] in) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        switch (random.nextInt(10)) {
            case 0:
                return Arrays.copyOf(in, at);
            case 1:
                return latin(s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8))));
            case 2:
                in = in.clone();
                if (in.length > 0) {
                    in[at] = (byte) random.nextInt(256);
                }
                return in;
            case 3:
                return latin(s.replaceFirst(":(\"[^\"]*\"|-?[0-9]+|\\{\\}|\\[\\])", ":" + VALUES[random.nextInt(VALUES.length)]));
            case 4:
                return latin(replaceNth(s, ":", ":" + VALUES[random.nextInt(VALUES.length)] + ",\"x\":", random.nextInt(8)));
            case 5:
                int depth = 1 + random.nextInt(5000);
                return latin(s.replaceFirst("\"text\":", "\"text\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"t2\":")
                        .replaceFirst("\"date\":", "\"deep\":" + "{\"d\":".repeat(depth) + "1" + "}".repeat(depth) + ",\"date\":"));
            case 6:
                return latin(s.replaceFirst("\\{", "{\"unknown_" + random.nextInt(99) + "\":{\"nested\":[1,\"two\",null]},"));
            case 7:
                byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, 0, 0}};
                byte[] b = bad[random.nextInt(bad.length)];
                byte[] withBad = new byte[in.length + b.length];
                System.arraycopy(in, 0, withBad, 0, at);
                System.arraycopy(b, 0, withBad, at, b.length);
                System.arraycopy(in, at, withBad, at + b.length, in.length - at);
                return withBad;
            case 8:
                return latin(s.replaceAll("\"update_id\":-?[0-9]+", "\"update_id\":" + VALUES[random.nextInt(VALUES.length)]));
            default:
                return (s.replaceFirst("\"(text|caption|first_name|file_name)\":\"[^\"]*\"",
                        "\"$1\":\"" + "\u00e9\u2028\u202e😀\\u0000\\n".repeat(1 + random.nextInt(2000)) + "\"")).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String replaceNth(String s, String what, String with, int n) {
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = s.indexOf(what, at + 1);
            if (at < 0) {
                return s;
            }
        }
        return s.substring(0, at) + with + s.substring(at + what.length());
    }

    private static byte[] latin(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
