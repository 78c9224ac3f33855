package ccgateway.chat.control;

import java.util.stream.Collectors;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/** Inline content as text: without its markup (what a link or a table cell can hold), or as it was written. */
final class PlainText {

    private PlainText() {
    }

    static String of(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }

            @Override
            public void visit(HtmlInline html) {
                text.append(html.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak lineBreak) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak lineBreak) {
                text.append(' ');
            }
        });
        return text.toString();
    }

    /** The Markdown of {@code node} as it was written in {@code source}, line by line. */
    static String written(Node node, String source) {
        return node.getSourceSpans().stream()
                .map(span -> source.substring(span.getInputIndex(), span.getInputIndex() + span.getLength()))
                .collect(Collectors.joining("\n"));
    }
}
