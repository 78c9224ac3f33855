package ccgateway.chat.control;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Splitting and Telegram-HTML formatting of a 10,000-character answer with prose, a list and a
 * code block, against the least any formatter does: one HTML-escaping pass over the same text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FormattingBenchmark {

    final String answer = answer(10_000);

    static String answer(int length) {
        StringBuilder text = new StringBuilder("## Plan\n\nHere is **what** I changed, see `SessionStore`:\n\n- one\n- two\n\n```java\n");
        for (int i = 0; text.length() < length - 200; i++) {
            text.append("    int x").append(i).append(" = compute(").append(i).append(") < limit ? a & b : c;\n");
        }
        text.append("```\n\nDone. *All* tests pass.\n");
        return text.toString();
    }

    @Benchmark
    public Object split() {
        return MessageSplitter.split(answer);
    }

    @Benchmark
    public Object splitAndFormat() {
        return TelegramHtml.chunks(answer, MessageSplitter.TELEGRAM_LIMIT);
    }

    @Benchmark
    public Object baseline() {
        StringBuilder out = new StringBuilder(answer.length() + 64);
        for (int i = 0; i < answer.length(); i++) {
            char c = answer.charAt(i);
            if (c == '<') {
                out.append("&lt;");
            } else if (c == '>') {
                out.append("&gt;");
            } else if (c == '&') {
                out.append("&amp;");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
