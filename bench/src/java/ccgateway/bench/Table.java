package ccgateway.bench;

import java.util.ArrayList;
import java.util.List;

/** The report: one row per figure, measured beside its baseline of the same run, as Markdown. */
final class Table {

    record Row(String figure, String measured, String baseline, String ratio, String target, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure in milliseconds with its baseline; {@code limit} is the absolute target (NaN: none). */
    void millis(String figure, double measured, double baseline, String target, boolean met) {
        rows.add(new Row(figure, ms(measured), ms(baseline), ratio(measured, baseline), target, met ? "yes" : "**no**"));
    }

    void row(String figure, String measured, String baseline, String ratio, String target, String verdict) {
        rows.add(new Row(figure, measured, baseline, ratio, target, verdict));
    }

    void note(String note) {
        notes.add(note);
        System.err.println("bench: " + note);
    }

    static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : millis >= 100 ? String.format("%.0f ms", millis) : String.format("%.2f ms", millis);
    }

    static String ratio(double measured, double baseline) {
        return baseline > 0 && !Double.isNaN(measured) ? String.format("%.2f×", measured / baseline) : "n/a";
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| figure | measured | baseline (same run) | ratio | target | met |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(String.join(" | ", r.figure(), r.measured(), r.baseline(), r.ratio(), r.target(), r.verdict()))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    /** The harness worked: rows were produced and every one has a number. Says nothing about speed. */
    boolean complete() {
        return !rows.isEmpty() && rows.stream().noneMatch(r -> r.measured().contains("n/a"));
    }
}
