package ccgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The in-process parts (JMH): each benchmark class has a {@code baseline} method, reported beside it. */
final class Jmh {

    static void run(Table table, boolean smoke) throws RunnerException, IOException {
        // JMH opens its log without creating the folder; on a fresh clone nothing else has yet
        Path log = Files.createDirectories(Path.of(System.getProperty("it.build.dir", "target"), "bench")).resolve("jmh.log");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("ccgateway\\.(telegram|supervision)\\.control\\..*Benchmark")
                .shouldFailOnError(true)
                .output(log.toString());
        if (smoke) {
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult r : results) {
            scores.put(r.getParams().getBenchmark(), r.getPrimaryResult().getScore());
        }
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            String name = e.getKey();
            if (name.endsWith(".baseline")) {
                continue;
            }
            String benchClass = name.substring(0, name.lastIndexOf('.'));
            double base = scores.getOrDefault(benchClass + ".baseline", Double.NaN);
            String label = "JMH " + benchClass.substring(benchClass.lastIndexOf('.') + 1).replace("Benchmark", "") + "." + name.substring(name.lastIndexOf('.') + 1);
            table.row(label + " (avg per op)", us(e.getValue()), us(base), Table.ratio(e.getValue(), base), "—", "—");
        }
    }

    private static String us(double micros) {
        return Double.isNaN(micros) ? "n/a" : String.format("%.2f µs", micros);
    }
}
