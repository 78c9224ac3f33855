package ccgateway.chat.control;

import static ccgateway.chat.control.TelegramHtml.escape;

import java.util.regex.Pattern;
import org.commonmark.node.Image;
import org.commonmark.node.Link;

/**
 * Links and images as Telegram HTML. Only http(s), tg and mailto addresses become links; any
 * other link (javascript:, relative paths, data:) is shown as it was written, so nothing a user
 * taps leads anywhere unexpected. Link text is plain: Telegram allows no code inside a link.
 */
final class Links {

    private static final Pattern SAFE_URL = Pattern.compile("(?i)https?://[a-z0-9.-]+(:[0-9]{1,5})?([/?#]\\S*)?"
            + "|tg://[a-z0-9_]+([/?]\\S*)?|mailto:[^\\s@/?]+@[a-z0-9.-]+(\\?\\S*)?");

    private Links() {
    }

    static String link(Link link, String source) {
        String text = PlainText.of(link);
        String url = link.getDestination();
        if (text.isBlank() || !SAFE_URL.matcher(url).matches()) {
            return escape(PlainText.written(link, source));
        }
        if (url.equals(text) || url.equals("mailto:" + text)) {
            return escape(text); // an autolink: Telegram links a bare address by itself
        }
        return anchor(url, text);
    }

    /** Telegram shows no images in text: a link to it, named by its alt text, or the alt text alone. */
    static String image(Image image, String source) {
        String alt = PlainText.of(image);
        String url = image.getDestination();
        if (SAFE_URL.matcher(url).matches()) {
            return anchor(url, alt.isBlank() ? url : alt);
        }
        return escape(alt.isBlank() ? PlainText.written(image, source) : alt);
    }

    private static String anchor(String url, String text) {
        return "<a href=\"" + TelegramHtml.escapeAttribute(url) + "\">" + escape(text) + "</a>";
    }
}
