package ccgateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of a multipart/form-data body: a file part is kept as its file name, and its
 * content, Base64, under the part's name followed by {@link #BYTES}.
 */
final class Multipart {

    static final String BYTES = ":bytes";

    private Multipart() {
    }

    static Map<String, String> fields(byte[] body, String contentType) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
        String text = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            String value = part.substring(headerEnd + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            String name = attribute(headers, "name");
            String fileName = attribute(headers, "filename");
            if (name != null) {
                fields.put(name, fileName != null ? fileName
                        : new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                if (fileName != null) {
                    fields.put(name + BYTES, java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.ISO_8859_1)));
                }
            }
        }
        return fields;
    }

    private static String attribute(String headers, String attribute) {
        String key = " " + attribute + "=\"";
        int start = headers.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return headers.substring(start, headers.indexOf('"', start));
    }
}
