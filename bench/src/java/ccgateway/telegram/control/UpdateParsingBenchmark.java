package ccgateway.telegram.control;

import ccgateway.testing.Updates;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The webhook's parse of a text update (size cap, strict UTF-8, pengrad's Update) against Gson's bare tree parse of it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UpdateParsingBenchmark {

    final byte[] update = Updates.text(123456789, 1001, 9001, "Please refactor the session store so that writes are atomic").getBytes(StandardCharsets.UTF_8);
    final WebhookGate gate = new WebhookGate();

    @Benchmark
    public Object gateway() {
        return gate.parse(new ByteArrayInputStream(update));
    }

    @Benchmark
    public Object baseline() {
        return JsonParser.parseString(new String(update, StandardCharsets.UTF_8));
    }
}
