package ccgateway.supervision.control;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** One stdout line of claude (an assistant text, as Claude Code 2.1 prints it) into events, against a bare JSON-P parse of it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamJsonBenchmark {

    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    final String line = "{\"type\":\"assistant\",\"parent_tool_use_id\":null,\"session_id\":\"0b7c4a52-7d1e-4c39-9a4e-3f5b8f0a2c11\","
            + "\"uuid\":\"5f0e6a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b\",\"message\":{\"id\":\"msg_01ABCDEFGHJKLMNPQRSTUVWX\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"I looked at the session store: "
            + "writes go through a temp file, fsync and rename, so a crash leaves either the old or the new file. Next I will add a test "
            + "that kills the process between the two steps.\"}],\"stop_reason\":null,\"usage\":{\"input_tokens\":1250,\"output_tokens\":84,"
            + "\"cache_read_input_tokens\":10240}}}";

    @Benchmark
    public Object gateway() {
        return StreamJsonParser.parse(line);
    }

    @Benchmark
    public Object baseline() {
        return READERS.createReader(new StringReader(line)).readObject();
    }
}
