package ccgateway.chat.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the Markdown Claude writes into Telegram's HTML parse mode.
 * <p>
 * Telegram rejects a whole message over one bad tag, so this is deliberately conservative: only
 * constructs it is sure of become tags (fences, inline code, bold, italic, strikethrough, http(s)
 * links, headings), everything else stays as escaped text, and tags are always balanced.
 */
public final class TelegramHtml {

    /** Rendering grows text at most about tenfold (`&` in inline code inside three styles). */
    public static final int MIN_RENDER_LIMIT = 2048;

    private static final Pattern HEADING = Pattern.compile(" {0,3}#{1,6}[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*");

    private TelegramHtml() {
    }

    /** A piece of a message: its Markdown (the plain-text fallback) and its HTML. */
    public record Chunk(String markdown, String html) {
    }

    public static String render(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        List<String> out = new ArrayList<>();
        MessageSplitter.Fence fence = null;
        StringBuilder code = null;
        for (String line : markdown.split("\n", -1)) {
            if (fence == null) {
                fence = MessageSplitter.Fence.opening(line);
                if (fence == null) {
                    out.add(renderLine(line));
                } else {
                    code = null;
                }
            } else if (fence.isClosedBy(line)) {
                out.add(codeBlock(fence, code));
                fence = null;
            } else {
                code = code == null ? new StringBuilder() : code.append('\n');
                code.append(escape(line));
            }
        }
        if (fence != null) {
            out.add(codeBlock(fence, code)); // unclosed fence: still code, still balanced
        }
        return String.join("\n", out);
    }

    /** Splits and renders so that every HTML piece is at most {@code limit} characters long. */
    public static List<String> renderChunks(String markdown, int limit) {
        return chunks(markdown, limit).stream().map(Chunk::html).toList();
    }

    /** As {@link #renderChunks}, keeping each piece's Markdown for the plain-text fallback. */
    public static List<Chunk> chunks(String markdown, int limit) {
        if (limit < MIN_RENDER_LIMIT) {
            throw new IllegalArgumentException("limit must be at least " + MIN_RENDER_LIMIT + ": " + limit);
        }
        List<Chunk> out = new ArrayList<>();
        for (String piece : MessageSplitter.split(markdown, limit)) {
            addRendered(piece, limit, out);
        }
        return List.copyOf(out);
    }

    /** A piece whose HTML is too long is split again with a budget scaled by how much it grew. */
    private static void addRendered(String piece, int limit, List<Chunk> out) {
        String html = render(piece);
        if (html.length() <= limit) {
            if (!html.replaceAll("<[^>]*>", "").isBlank()) { // e.g. an empty code block: nothing to see
                out.add(new Chunk(piece, html));
            }
            return;
        }
        if (piece.length() <= MessageSplitter.MIN_LIMIT) {
            throw new IllegalStateException("rendering grew beyond " + limit + " from " + piece.length());
        }
        long scaled = (long) piece.length() * limit * 9 / (10L * html.length());
        int budget = (int) Math.max(MessageSplitter.MIN_LIMIT, Math.min(piece.length() - 1, scaled));
        for (String part : MessageSplitter.split(piece, budget)) {
            addRendered(part, limit, out);
        }
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String escapeAttribute(String text) {
        return escape(text).replace("\"", "&quot;");
    }

    private static String codeBlock(MessageSplitter.Fence fence, StringBuilder code) {
        if (code == null) {
            return "";
        }
        return fence.language().isEmpty()
                ? "<pre>" + code + "</pre>"
                : "<pre><code class=\"language-" + fence.language() + "\">" + code + "</code></pre>";
    }

    /** Telegram has no headings; bold on a line of its own reads as one. */
    private static String renderLine(String line) {
        var heading = HEADING.matcher(line);
        if (heading.matches() && !heading.group(1).isBlank()) {
            return new InlineMarkup(heading.group(1)).render("b");
        }
        return new InlineMarkup(line).render(null);
    }

    /**
     * The inline markup of one line. Code spans, then links, are found first and never looked
     * into again; emphasis needs a delimiter that is not inside a word on its outer side, which
     * keeps {@code snake_case} and {@code 2*3*4} plain.
     */
    private static final class InlineMarkup {
        private static final Pattern URL = Pattern.compile("(?i)https?://[a-z0-9.-]+(:[0-9]{1,5})?([/?#]\\S*)?");
        private static final String DELIMITERS = "*_~";

        private final String line;
        private final int[] atomEnd;
        private final String[] atomHtml;
        private final boolean[] inAtom;
        private final int[][] nextCloser = new int[6][];
        private final TagWriter out = new TagWriter();

        InlineMarkup(String line) {
            this.line = line;
            atomEnd = new int[line.length()];
            atomHtml = new String[line.length()];
            inAtom = new boolean[line.length()];
            findCodeSpans();
            findLinks();
        }

        String render(String style) {
            if (style != null) {
                out.push(style);
            }
            renderRange(0, line.length());
            return out.finish();
        }

        private void renderRange(int from, int to) {
            int i = from;
            while (i < to) {
                if (atomEnd[i] > 0) {
                    if (line.charAt(i) == '`') {
                        out.unstyled(atomHtml[i]);
                    } else {
                        out.styled(atomHtml[i]);
                    }
                    i = atomEnd[i];
                    continue;
                }
                int length = openerLength(i, to);
                int close = length > 0 ? closer(i, length, to) : -1;
                if (close < 0) {
                    out.styled(escape(line.substring(i, i + 1)));
                    i++;
                    continue;
                }
                out.push(line.charAt(i) == '*' && length == 2 ? "b" : line.charAt(i) == '~' ? "s" : "i");
                renderRange(i + length, close);
                out.pop();
                i = close + length;
            }
        }

        /** The length of the delimiter opening at {@code i}, or 0: `*`, `_` (italic), `**`, `~~`. */
        private int openerLength(int i, int to) {
            char c = line.charAt(i);
            if (DELIMITERS.indexOf(c) < 0 || i > 0 && line.charAt(i - 1) == c) {
                return 0;
            }
            int run = runLength(i);
            boolean known = c == '~' ? run == 2 : c == '_' ? run == 1 : run <= 2;
            boolean outsideWord = i == 0 || !Character.isLetterOrDigit(line.charAt(i - 1));
            boolean textFollows = i + run < to && !Character.isWhitespace(line.charAt(i + run));
            return known && outsideWord && textFollows ? run : 0;
        }

        private int closer(int opener, int length, int to) {
            int kind = DELIMITERS.indexOf(line.charAt(opener)) + (length - 1) * 2; // *, _, ~~ or **
            if (nextCloser[kind] == null) {
                nextCloser[kind] = closers(line.charAt(opener), length);
            }
            int close = nextCloser[kind][opener + length + 1];
            return close >= 0 && close + length <= to ? close : -1;
        }

        /** For each index, the first closing delimiter at or after it: computed once, so a line renders in linear time. */
        private int[] closers(char c, int length) {
            int[] next = new int[line.length() + 2];
            next[line.length()] = -1;
            next[line.length() + 1] = -1;
            for (int j = line.length() - 1; j >= 0; j--) {
                next[j] = isCloser(j, c, length) ? j : next[j + 1];
            }
            return next;
        }

        private boolean isCloser(int j, char c, int length) {
            return j > 0 && j + length <= line.length() && !inAtom[j]
                    && line.charAt(j) == c && line.charAt(j - 1) != c && runLength(j) == length
                    && !Character.isWhitespace(line.charAt(j - 1))
                    && (j + length == line.length() || !Character.isLetterOrDigit(line.charAt(j + length)));
        }

        private void findCodeSpans() {
            Set<Integer> unmatched = new HashSet<>(); // a run length with no partner left stays unmatched
            int i = 0;
            while (i < line.length()) {
                if (line.charAt(i) != '`') {
                    i++;
                    continue;
                }
                int run = runLength(i);
                int close = unmatched.contains(run) ? -1 : findRun(i + run, run);
                if (close < 0) {
                    unmatched.add(run);
                } else if (!line.substring(i + run, close).isBlank()) {
                    atom(i, close + run, "<code>" + escape(line.substring(i + run, close)) + "</code>");
                    i = close;
                }
                i += run;
            }
        }

        private void findLinks() {
            for (int i = 0; i < line.length(); i++) {
                if (atomEnd[i] > 0) {
                    i = atomEnd[i] - 1;
                } else if (line.charAt(i) == '[') {
                    i = Math.max(i, link(i) - 1);
                }
            }
        }

        /** Records {@code [text](http(s)://…)} starting at {@code open}; answers its end, or -1. */
        private int link(int open) {
            int close = open + 1;
            while (close < line.length() && line.charAt(close) != ']') {
                if (line.charAt(close) == '[' || inAtom[close]) {
                    return -1;
                }
                close++;
            }
            if (close + 1 >= line.length() || line.charAt(close + 1) != '(') {
                return -1;
            }
            int end = urlEnd(close + 2);
            String text = line.substring(open + 1, close);
            String url = end < 0 ? "" : line.substring(close + 2, end);
            if (text.isBlank() || !URL.matcher(url).matches()) {
                return -1;
            }
            atom(open, end + 1, "<a href=\"" + escapeAttribute(url) + "\">" + escape(text) + "</a>");
            return end + 1;
        }

        /** The closing parenthesis of a URL (balanced ones inside are part of it), or -1. */
        private int urlEnd(int from) {
            int depth = 0;
            for (int i = from; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inAtom[i] || Character.isWhitespace(c) || c == '[' || c == ']') {
                    return -1;
                }
                if (c == ')' && depth-- == 0) {
                    return i;
                }
                depth += c == '(' ? 1 : 0;
            }
            return -1;
        }

        private int findRun(int from, int length) {
            for (int j = from; j < line.length(); j++) {
                if (line.charAt(j) == '`') {
                    int run = runLength(j);
                    if (run == length) {
                        return j;
                    }
                    j += run - 1;
                }
            }
            return -1;
        }

        private int runLength(int i) {
            int j = i;
            while (j < line.length() && line.charAt(j) == line.charAt(i)) {
                j++;
            }
            return j - i;
        }

        private void atom(int start, int end, String html) {
            atomEnd[start] = end;
            atomHtml[start] = html;
            Arrays.fill(inAtom, start, end, true);
        }
    }

    /**
     * Opens style tags only when text needs them and closes them around inline code, since
     * Telegram lets bold, italic and strikethrough contain links but not code.
     */
    private static final class TagWriter {
        private final StringBuilder html = new StringBuilder();
        private final List<String> wanted = new ArrayList<>();
        private final List<String> open = new ArrayList<>();

        void push(String tag) {
            wanted.add(tag);
        }

        void pop() {
            wanted.remove(wanted.size() - 1);
        }

        /** Text, or a link, which may sit inside styles. */
        void styled(String html) {
            sync(new ArrayList<>(new LinkedHashSet<>(wanted))); // a style inside itself opens once
            this.html.append(html);
        }

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
}
