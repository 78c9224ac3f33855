package ccgateway.bench;

import ccgateway.testing.GatewayProcess;
import ccgateway.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark harness (docs/BENCHMARKS.md), run by {@code bench/run}: every figure against the
 * packaged gateway on Payara Micro, with the Bot API stub and the stub claude, all on 127.0.0.1,
 * each beside a baseline measured in the same run. Prints a Markdown table on stdout.
 * <p>
 * {@code --smoke}: small counts, a few seconds per figure: proves the harness produces numbers,
 * says nothing about speed. {@code --only 1,2,jmh}: a subset (figures 1-11 and jmh; {@code approval}
 * is 7, {@code cancel} is 8, {@code streaming} is 9, {@code strangers} is 10). {@code --postgres}:
 * figures 1 and 6 with the gateway on a PostgreSQL the bench starts (fsync on) instead of H2.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        boolean smoke = arguments.contains("--smoke");
        Set<String> only = new TreeSet<>();
        int at = arguments.indexOf("--only");
        if (at >= 0 && at + 1 < arguments.size()) {
            only.addAll(Arrays.asList(arguments.get(at + 1).split(",")));
        }
        Table table = new Table();
        long begin = System.nanoTime();
        if (wanted(only, "jmh")) {
            Jmh.run(table, smoke);
        }
        if (wanted(only, "1") || wanted(only, "6")) {
            try (Rig rig = new Rig("ack"); PostgresServer postgres = arguments.contains("--postgres") ? PostgresServer.start(true) : null) {
                AckLatency.fsync(table, rig.dataDir, smoke ? 50 : 500);
                GatewayProcess gateway = rig.gateway("ack");
                if (postgres != null) {
                    onPostgres(table, gateway, postgres);
                }
                rig.start();
                AckLatency ack = new AckLatency(rig);
                try {
                    if (wanted(only, "1")) {
                        // warm-up of 60 s per side: with 15 s, the JIT compiler threads still took a quarter
                        // of the gateway's CPU during the measured blocks (JFR); a gateway runs for weeks
                        ack.figure1(table, 200, smoke ? 2 : 30, smoke ? 2 : 60);
                    }
                    if (wanted(only, "6")) {
                        ack.figure6(table, smoke ? new double[] {100, 200} : new double[] {200, 400, 600, 800, 1200, 1600, 2400}, smoke ? 1 : 5);
                    }
                } finally {
                    ack.close();
                }
            }
        }
        if (wanted(only, "2")) {
            try (Rig rig = new Rig("relay")) {
                rig.gateway("relay");
                rig.start();
                new RelayOverhead(rig).figure2(table, smoke ? 2 : 5, smoke ? 10 : 200);
            }
        }
        boolean approval = wanted(only, "7") || only.contains("approval");
        boolean cancel = wanted(only, "8") || only.contains("cancel");
        if (approval || cancel) {
            try (Rig rig = new Rig("steering")) {
                rig.gateway("steering");
                rig.start();
                SteeringLatency steering = new SteeringLatency(rig);
                if (approval) {
                    steering.figure7(table, 4, smoke ? 3 : 100, smoke ? 10 : 300);
                }
                if (cancel) {
                    steering.figure8(table, 4, smoke ? 4 : 50, smoke ? 10 : 250);
                }
            }
        }
        if (wanted(only, "9") || only.contains("streaming")) {
            try (Rig rig = new Rig("streaming")) {
                rig.gateway("streaming").env("GATEWAY_MAX_LIVE_SESSIONS", "60");
                rig.start();
                new StreamingLatency(rig).figure9(table, 4, smoke ? 4 : 40, smoke ? 5 : 50, smoke ? 1 : 3);
            }
        }
        if (wanted(only, "3")) {
            try (Rig rig = new Rig("lifecycle")) {
                new Lifecycle(rig).figure3(table, smoke ? 3 : 50);
            }
        }
        if (wanted(only, "4")) {
            try (Rig rig = new Rig("idle")) {
                new Lifecycle(rig).figure4(table, smoke ? 5 : 100, smoke ? 3 : 30);
            }
        }
        if (wanted(only, "10") || only.contains("strangers")) {
            try (Rig rig = new Rig("strangers")) {
                rig.gateway("strangers");
                rig.start();
                new Strangers(rig).figure10(table, smoke ? 2_000 : 100_000, 500);
            }
        }
        if (wanted(only, "11") || only.contains("failover")) {
            new Failover().figure11(table, smoke ? 1 : 5);
        }
        if (wanted(only, "5")) {
            new Scale().figure5(table, smoke ? 300 : 10_000, smoke ? 1 : 3, smoke ? 1 : 5);
        }
        table.note(String.format("%s run, %.0f s in total; %d CPUs; load average at the end %s", smoke ? "smoke" : "full",
                (System.nanoTime() - begin) / 1e9, Runtime.getRuntime().availableProcessors(), loadAverage()));
        System.out.println();
        System.out.println(table.markdown());
        System.exit(table.complete() ? 0 : 1);
    }

    /**
     * Figures 1 and 6 with the gateway's state in PostgreSQL instead of the embedded H2: a server of
     * the bench's own on this machine's disk, durable as in production (fsync and synchronous commit on).
     */
    private static void onPostgres(Table table, GatewayProcess gateway, PostgresServer postgres) {
        gateway.env("GATEWAY_DATABASE_URL", postgres.createDatabase("bench"))
                .env("GATEWAY_DATABASE_USER", postgres.user())
                .env("GATEWAY_DATABASE_PASSWORD", postgres.password());
        table.note("Figures 1 and 6 with the gateway on PostgreSQL " + postgres.jdbcUrl("bench") + " (fsync, synchronous_commit and "
                + "full_page_writes on; cluster in " + postgres.directory() + "); figure 1a is the data dir's disk, which the H2 journal uses");
    }

    private static boolean wanted(Set<String> only, String figure) {
        return only.isEmpty() || only.contains(figure);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
