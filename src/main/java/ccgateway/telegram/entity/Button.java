package ccgateway.telegram.entity;

import java.nio.charset.StandardCharsets;

/**
 * One inline button under a message. Pressing it sends {@code callbackData} back as a
 * {@link Press}; Telegram refuses the whole message when the data is empty or over 64 bytes, so
 * that is refused here, where the caller can still see which button it was.
 */
public record Button(String text, String callbackData) {

    public static final int MAX_CALLBACK_BYTES = 64;

    public Button {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a button needs a text");
        }
        int bytes = callbackData == null ? 0 : callbackData.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_CALLBACK_BYTES) {
            throw new IllegalArgumentException("callback data must be 1-" + MAX_CALLBACK_BYTES + " bytes, not " + bytes);
        }
    }
}
