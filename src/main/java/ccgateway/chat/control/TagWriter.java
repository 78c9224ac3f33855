package ccgateway.chat.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Writes inline HTML, opening style tags only when text needs them and closing them around inline
 * code, since Telegram lets bold, italic and strikethrough contain links but not code. A style
 * inside itself opens once, and no tag is ever left open or opened empty.
 */
final class TagWriter {
    private final StringBuilder html = new StringBuilder();
    private final List<String> wanted = new ArrayList<>();
    private final List<String> open = new ArrayList<>();

    void push(String tag) {
        wanted.add(tag);
    }

    void pop() {
        wanted.remove(wanted.size() - 1);
    }

    /** Escaped text, or a link, which may sit inside styles. */
    void styled(String html) {
        if (!html.isEmpty()) {
            sync(new ArrayList<>(new LinkedHashSet<>(wanted)));
            this.html.append(html);
        }
    }

    /** Inline code, which may sit inside nothing. */
    void unstyled(String html) {
        sync(List.of());
        this.html.append(html);
    }

    String finish() {
        sync(List.of());
        return html.toString();
    }

    private void sync(List<String> target) {
        int common = 0;
        while (common < open.size() && common < target.size() && open.get(common).equals(target.get(common))) {
            common++;
        }
        while (open.size() > common) {
            html.append("</").append(open.remove(open.size() - 1)).append('>');
        }
        for (String tag : target.subList(common, target.size())) {
            html.append('<').append(tag).append('>');
            open.add(tag);
        }
    }
}
