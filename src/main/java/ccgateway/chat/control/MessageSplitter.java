package ccgateway.chat.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cuts Markdown into pieces Telegram accepts (at most {@code limit} UTF-16 units each, the unit
 * Telegram counts), at line boundaries where possible, then at whitespace, hard only as a last resort.
 * <p>
 * A code fence cut in two is closed at the end of one piece and reopened (same language) at the
 * start of the next, so each piece renders on its own. Nothing is lost: the pieces, without those
 * added fence lines, joined with the one newline or blank consumed at each cut, give the text back.
 * Pieces that would be only whitespace are left out, since Telegram rejects empty messages.
 */
public final class MessageSplitter {

    public static final int TELEGRAM_LIMIT = 4096;

    /** Below this the added fence lines could leave no room for content (see {@link Fence#MAX_LINE}). */
    public static final int MIN_LIMIT = 128;

    private final String text;
    private final int limit;
    private final List<String> chunks = new ArrayList<>();
    private int pos;
    private Fence fence;

    private MessageSplitter(String text, int limit) {
        this.text = text;
        this.limit = limit;
    }

    public static List<String> split(String text) {
        return split(text, TELEGRAM_LIMIT);
    }

    public static List<String> split(String text, int limit) {
        Objects.requireNonNull(text, "text");
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("limit must be at least " + MIN_LIMIT + ": " + limit);
        }
        var splitter = new MessageSplitter(text, limit);
        while (splitter.pos < text.length()) {
            splitter.nextChunk();
        }
        return List.copyOf(splitter.chunks);
    }

    private void nextChunk() {
        String reopen = fence == null ? "" : fence.openingLine() + "\n";
        Fence state = fence;
        Fence beforeLast = fence;
        int end = -1;
        int lastLineStart = pos;
        int lines = 0;
        for (int start = pos; start <= text.length(); start = end + 1) {
            int eol = lineEnd(start);
            Fence after = Fence.after(state, text.substring(start, eol));
            if (reopen.length() + (eol - pos) + closingLength(after) > limit) {
                break;
            }
            beforeLast = state;
            state = after;
            lastLineStart = start;
            end = eol;
            lines++;
        }
        if (lines == 0) {
            cutLongLine(reopen, pos, fence);
            return;
        }
        // a piece ending on an opening fence would show an empty code block
        if (end < text.length() && beforeLast == null && state != null) {
            if (lines == 1) {
                cutLongLine(reopen, end + 1, state);
                return;
            }
            end = lastLineStart - 1;
            state = null;
        }
        emit(reopen, end, state);
        pos = end + 1;
    }

    /**
     * The line at {@code lineStart} does not fit: the piece takes as much of it as the budget
     * allows, ending at a blank if there is one late enough, and the rest starts the next piece.
     */
    private void cutLongLine(String reopen, int lineStart, Fence state) {
        int budget = limit - reopen.length() - closingLength(state) - (lineStart - pos);
        // a head longer than any fence line can never be mistaken for one once it stands on its own
        int earliest = lineStart + Math.max(budget / 2, Fence.MAX_LINE + 1);
        for (int blank = Math.min(lineStart + budget, lineEnd(lineStart) - 1); blank >= earliest; blank--) {
            char c = text.charAt(blank);
            if (c == ' ' || c == '\t') {
                emit(reopen, blank, state);
                pos = blank + 1;
                return;
            }
        }
        int cut = lineStart + budget;
        if (Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        emit(reopen, cut, state);
        pos = cut;
    }

    private void emit(String reopen, int end, Fence openAtEnd) {
        String body = text.substring(pos, end);
        if (!body.isBlank()) {
            chunks.add(reopen + body + (openAtEnd == null ? "" : "\n" + openAtEnd.ticks()));
        }
        fence = openAtEnd;
    }

    private int lineEnd(int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol;
    }

    private static int closingLength(Fence open) {
        return open == null ? 0 : 1 + open.ticks().length();
    }

    /**
     * An open code fence: its backtick run and language. Shared with {@link TelegramHtml} so that
     * splitting and rendering agree on what is code.
     */
    record Fence(String ticks, String language) {

        /** Longer lines are never fences, so a fence line always fits a piece whole. */
        static final int MAX_LINE = 40;

        private static final Pattern OPENING = Pattern.compile("(`{3,})([^`]*)");
        private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]{1,20}");

        /** The fence state after {@code line}, given the fence open before it (null: none). */
        static Fence after(Fence open, String line) {
            if (open == null) {
                return opening(line);
            }
            return open.isClosedBy(line) ? null : open;
        }

        static Fence opening(String line) {
            if (line.length() > MAX_LINE) {
                return null;
            }
            var matcher = OPENING.matcher(line.strip());
            if (!matcher.matches()) {
                return null;
            }
            String info = matcher.group(2).strip();
            String word = info.isEmpty() ? "" : info.split("\\s+", 2)[0];
            return new Fence(matcher.group(1), LANGUAGE.matcher(word).matches() ? word : "");
        }

        boolean isClosedBy(String line) {
            String stripped = line.strip();
            return line.length() <= MAX_LINE
                    && stripped.length() >= ticks.length()
                    && stripped.chars().allMatch(c -> c == '`');
        }

        String openingLine() {
            return ticks + language;
        }
    }
}
