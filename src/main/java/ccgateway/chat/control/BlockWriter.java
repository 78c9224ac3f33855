package ccgateway.chat.control;

import static ccgateway.chat.control.TelegramHtml.escape;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.ThematicBreak;

/**
 * Renders Markdown blocks. Telegram has no headings, lists, quotes, tables or rules: headings
 * become bold lines, list items lines with their marker (nested ones indented), quotes lines
 * starting with {@code >}, tables aligned text in {@code pre}, rules a line. Blocks keep the
 * blank line, or the single newline, that separated them in the Markdown.
 */
final class BlockWriter {

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]{1,20}");
    private static final String RULE = "──────────";

    private final String source;

    BlockWriter(String source) {
        this.source = source;
    }

    /** The blocks inside {@code parent}, one after another. */
    String blocks(Node parent) {
        return join(parent, this::block);
    }

    private String block(Node node) {
        if (node instanceof Paragraph) {
            return InlineWriter.render(node, source, null);
        } else if (node instanceof Heading) {
            return InlineWriter.render(node, source, "b");
        } else if (node instanceof FencedCodeBlock code) {
            return code(code.getLiteral(), language(code.getInfo()));
        } else if (node instanceof IndentedCodeBlock code) {
            return code(code.getLiteral(), "");
        } else if (node instanceof HtmlBlock html) {
            return escape(html.getLiteral().stripTrailing());
        } else if (node instanceof ListBlock list) {
            return list(list);
        } else if (node instanceof BlockQuote) {
            String quoted = blocks(node);
            return quoted.isEmpty() ? "&gt;" : indent("&gt; " + quoted, "&gt; ");
        } else if (node instanceof ThematicBreak) {
            return RULE;
        } else if (node instanceof TableBlock table) {
            return TableWriter.render(table);
        } else if (node instanceof LinkReferenceDefinition) {
            return ""; // what it defines is used where the reference is
        }
        return blocks(node);
    }

    private String list(ListBlock list) {
        int[] number = {list instanceof OrderedList ordered ? Objects.requireNonNullElse(ordered.getMarkerStartNumber(), 1) : 0};
        return join(list, item -> {
            String marker = list instanceof OrderedList ordered
                    ? number[0]++ + Objects.requireNonNullElse(ordered.getMarkerDelimiter(), ".")
                    : Objects.requireNonNullElse(((BulletList) list).getMarker(), "-");
            String body = blocks(item);
            return body.isEmpty() ? marker : marker + " " + indent(body, " ".repeat(marker.length() + 1));
        });
    }

    /** Rendered children, separated by a blank line where there was one in the Markdown; empty ones left out. */
    private static String join(Node parent, Function<Node, String> render) {
        StringBuilder html = new StringBuilder();
        int lastLine = Integer.MAX_VALUE;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            String rendered = render.apply(child);
            if (rendered.isEmpty()) {
                continue;
            }
            List<SourceSpan> spans = child.getSourceSpans();
            if (html.length() > 0) {
                html.append(!spans.isEmpty() && spans.get(0).getLineIndex() > lastLine + 1 ? "\n\n" : "\n");
            }
            html.append(rendered);
            lastLine = spans.isEmpty() ? Integer.MAX_VALUE : spans.get(spans.size() - 1).getLineIndex();
        }
        return html.toString();
    }

    /** Puts {@code prefix} before every line but the first and the blank ones. */
    private static String indent(String text, String prefix) {
        return text.indexOf('\n') < 0 ? text : text.replaceAll("\n(?=[^\n])", Matcher.quoteReplacement("\n" + prefix));
    }

    private static String code(String literal, String language) {
        String code = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        if (code.isEmpty()) {
            return "";
        }
        return language.isEmpty()
                ? "<pre>" + escape(code) + "</pre>"
                : "<pre><code class=\"language-" + language + "\">" + escape(code) + "</code></pre>";
    }

    /** The first word of a fence's info string, if it is a plausible language name (it goes into an attribute). */
    private static String language(String info) {
        String word = info == null || info.isBlank() ? "" : info.strip().split("\\s+", 2)[0];
        return LANGUAGE.matcher(word).matches() ? word : "";
    }
}
