package ccgateway.chat.control;

import static ccgateway.chat.control.TelegramHtml.escape;

import java.util.List;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Delimited;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Renders the inline content of one block. Emphasis is stricter than CommonMark, since Claude's
 * prose is full of {@code snake_case}, {@code 2*3*4}, {@code x**2} and {@code __init__}: its
 * delimiters must be exactly {@code *}, {@code _}, {@code **} or {@code ~~}, outside a word, on one
 * line; otherwise they are shown as written.
 */
final class InlineWriter extends AbstractVisitor {

    private final String source;
    private final TagWriter out = new TagWriter();

    private InlineWriter(String source) {
        this.source = source;
    }

    /** The HTML of {@code block}'s inline children, inside {@code style} unless it is null. */
    static String render(Node block, String source, String style) {
        var writer = new InlineWriter(source);
        if (style != null) {
            writer.out.push(style);
        }
        writer.visitChildren(block);
        return writer.out.finish();
    }

    @Override
    public void visit(Text text) {
        out.styled(escape(text.getLiteral()));
    }

    @Override
    public void visit(HtmlInline html) {
        out.styled(escape(html.getLiteral()));
    }

    @Override
    public void visit(SoftLineBreak lineBreak) {
        out.styled("\n");
    }

    @Override
    public void visit(HardLineBreak lineBreak) {
        out.styled("\n");
    }

    @Override
    public void visit(Code code) {
        if (code.getLiteral().isBlank()) {
            out.styled(escape(PlainText.written(code, source))); // Telegram shows no empty code
        } else {
            out.unstyled("<code>" + escape(code.getLiteral()) + "</code>");
        }
    }

    @Override
    public void visit(Emphasis emphasis) {
        styled(emphasis, emphasis, "i");
    }

    @Override
    public void visit(StrongEmphasis strong) {
        styled(strong, strong, "b");
    }

    @Override
    public void visit(CustomNode node) {
        if (node instanceof Strikethrough strikethrough) {
            styled(strikethrough, strikethrough, "s");
        } else {
            visitChildren(node);
        }
    }

    @Override
    public void visit(Link link) {
        out.styled(Links.link(link, source));
    }

    @Override
    public void visit(Image image) {
        out.styled(Links.image(image, source));
    }

    private void styled(Node node, Delimited delimited, String tag) {
        if (standsAlone(node, delimited.getOpeningDelimiter())) {
            out.push(tag);
            visitChildren(node);
            out.pop();
        } else {
            out.styled(escape(delimited.getOpeningDelimiter()));
            visitChildren(node);
            out.styled(escape(delimited.getClosingDelimiter()));
        }
    }

    /** Whether the delimiter run is exactly the delimiter, outside a word, and the whole on one line. */
    private boolean standsAlone(Node node, String delimiter) {
        List<SourceSpan> spans = node.getSourceSpans();
        char c = delimiter.charAt(0);
        int n = delimiter.length();
        if (spans.size() != 1 || n != (c == '*' ? Math.min(n, 2) : c == '_' ? 1 : 2)) {
            return false;
        }
        int start = spans.get(0).getInputIndex();
        int end = start + spans.get(0).getLength();
        return !wordOr(start - 1, c) && charAt(start + n) != c && charAt(end - n - 1) != c && !wordOr(end, c);
    }

    private boolean wordOr(int i, char c) {
        return i >= 0 && i < source.length() && (source.charAt(i) == c || Character.isLetterOrDigit(source.charAt(i)));
    }

    private char charAt(int i) {
        return i >= 0 && i < source.length() ? source.charAt(i) : '\n';
    }
}
