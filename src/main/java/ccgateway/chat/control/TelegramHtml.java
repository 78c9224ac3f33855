package ccgateway.chat.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Turns the Markdown Claude writes into Telegram's HTML parse mode, in pieces Telegram accepts.
 * <p>
 * The Markdown is parsed by commonmark-java (with GFM tables and strikethrough); {@link BlockWriter}
 * and {@link InlineWriter} render what Telegram can show as tags and give everything else a
 * readable text form. Telegram rejects a whole message over one bad tag, so every character of
 * text is escaped, tags are always balanced, and only http(s), tg and mailto links become links.
 */
public final class TelegramHtml {

    /** Rendering grows text at most about tenfold (`&` in inline code inside three styles). */
    public static final int MIN_RENDER_LIMIT = 2048;

    /** Thread-safe once built. Source spans let emphasis and links be checked against what was written. */
    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(StrikethroughExtension.builder().requireTwoTildes(true).build(), TablesExtension.create()))
            .enabledBlockTypes(Set.of(Heading.class, HtmlBlock.class, ThematicBreak.class, BlockQuote.class,
                    ListBlock.class, IndentedCodeBlock.class))
            .customBlockParserFactory(new FenceParser.Factory())
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    private TelegramHtml() {
    }

    /** A piece of a message: its Markdown (the plain-text fallback) and its HTML. */
    public record Chunk(String markdown, String html) {
    }

    public static String render(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        return new BlockWriter(markdown).blocks(PARSER.parse(markdown));
    }

    /** Splits and renders so that every HTML piece is at most {@code limit} characters long. */
    public static List<String> renderChunks(String markdown, int limit) {
        return chunks(markdown, limit).stream().map(Chunk::html).toList();
    }

    /**
     * As {@link #renderChunks}, keeping each piece's Markdown for the plain-text fallback. The
     * Markdown is split first ({@link MessageSplitter} closes and reopens code fences at a cut),
     * so each piece renders on its own.
     */
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
        if (html.length() > limit && piece.length() <= MessageSplitter.MIN_LIMIT) {
            html = escape(piece); // at most five times as long: far below any limit allowed
        }
        if (html.length() <= limit) {
            if (!html.replaceAll("<[^>]*>", "").isBlank()) { // e.g. an empty code block: nothing to see
                out.add(new Chunk(piece, html));
            }
            return;
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
}
