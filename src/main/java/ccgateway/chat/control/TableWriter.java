package ccgateway.chat.control;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.node.Node;

/**
 * A table as Telegram can show one: the text of its cells in aligned columns, monospaced in
 * {@code pre}, with a line under the header. Cell markup is dropped, as {@code pre} holds none.
 */
final class TableWriter {

    private TableWriter() {
    }

    static String render(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        List<TableCell.Alignment> alignments = new ArrayList<>();
        int headerRows = 0;
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cells.size() == alignments.size()) {
                        alignments.add(((TableCell) cell).getAlignment());
                    }
                    cells.add(PlainText.of(cell).strip());
                }
                rows.add(cells);
                headerRows += section instanceof TableHead ? 1 : 0;
            }
        }
        int[] widths = new int[alignments.size()];
        rows.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], width(cells.get(i)));
            }
        });
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            lines.add(line(rows.get(r), widths, alignments));
            if (r == headerRows - 1) {
                lines.add(rule(widths));
            }
        }
        return "<pre>" + TelegramHtml.escape(String.join("\n", lines)) + "</pre>";
    }

    private static String line(List<String> cells, int[] widths, List<TableCell.Alignment> alignments) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            int space = widths[i] - width(cell);
            int before = alignments.get(i) == TableCell.Alignment.RIGHT ? space
                    : alignments.get(i) == TableCell.Alignment.CENTER ? space / 2 : 0;
            line.append(i == 0 ? "" : " | ").append(" ".repeat(before)).append(cell).append(" ".repeat(space - before));
        }
        return line.toString().stripTrailing();
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(Math.max(1, widths[i])));
        }
        return rule.toString();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
