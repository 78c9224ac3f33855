package ccgateway.bench;

import ccgateway.testing.BotApiStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Figure 9: streaming into private chats (SPEC §11), timed between the two stubs on one wall clock.
 * <ul>
 * <li>9a: the stub claude writes an answer's first {@code text_delta} (its "delta" event's t_ns) →
 * the Bot API stub receives that chat's first {@code sendMessageDraft} of the answer. One turn at a
 * time over a few chats; each answer is 30 deltas over 3 s ({@code #stream=3 #pieces=30}).
 * <li>9b: drafts per chat per second while an answer is written: (drafts − 1) / (last − first), the
 * highest of all answers of 9a.
 * <li>9c: all chats stream an answer at once; for each, the stub claude's {@code result} → that
 * chat's final sendMessage. The highest of all chats and rounds.
 * </ul>
 * Baseline for 9a and 9c: figure 2's hop measured here, one answer without streaming in one chat
 * at a time ({@code #tool}, result → last message), the same gateway, same moment.
 */
final class StreamingLatency {

    private final Rig rig;

    StreamingLatency(Rig rig) {
        this.rig = rig;
    }

    private static long chat(int c) {
        return 90_000 + c;
    }

    private void sessions(int chats) {
        for (int c = 0; c < chats; c++) {
            rig.send(chat(c), "/new stream" + c);
            rig.await(chat(c), "Created session 'stream" + c + "'");
            rig.send(chat(c), "/timeout 60");
            rig.await(chat(c), "Idle timeout set to 60 minutes");
            // the process is started before anything is measured
            rig.send(chat(c), "warm" + c + "x");
            rig.await(chat(c), "echo: warm" + c + "x");
        }
    }

    void figure9(Table table, int chats, int turns, int crowd, int rounds) {
        sessions(Math.max(chats, crowd));
        List<Long> firstDraft = new ArrayList<>();
        double peakRate = 0;
        int warmup = Math.max(2, turns / 10);
        for (int k = 0; k < warmup + turns; k++) {
            long chat = chat(k % chats);
            String turn = "s" + k + "x #stream=3 #pieces=30";
            rig.send(chat, turn);
            rig.await(chat, "echo: " + turn);
            if (k < warmup) {
                continue;
            }
            long delta = firstDelta(turn).orElseThrow(() -> new IllegalStateException("no delta logged for " + turn));
            List<Long> drafts = drafts(chat, delta, lastMessage(chat, "echo: " + turn));
            if (drafts.isEmpty()) {
                throw new IllegalStateException("no draft for " + turn);
            }
            firstDraft.add(drafts.get(0) - delta);
            if (drafts.size() > 1) {
                peakRate = Math.max(peakRate, (drafts.size() - 1) / ((drafts.get(drafts.size() - 1) - drafts.get(0)) / 1e9));
            }
        }
        List<Long> relay = new ArrayList<>();
        for (int k = 0; k < Math.max(5, turns / 2); k++) {
            long chat = chat(k % chats);
            String turn = "b" + k + "x #tool";
            rig.send(chat, turn);
            rig.await(chat, "echo: b" + k + "x");
            relay.add(lastMessage(chat, "echo: b" + k + "x") - result(turn));
        }
        List<Long> finals = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> sent = new ArrayList<>();
            for (int c = 0; c < crowd; c++) {
                String turn = "c" + r + "y" + c + "x #stream=3 #pieces=30";
                rig.send(chat(c), turn);
                sent.add(turn);
            }
            for (int c = 0; c < crowd; c++) {
                rig.await(chat(c), "echo: " + sent.get(c));
                finals.add(lastMessage(chat(c), "echo: " + sent.get(c)) - result(sent.get(c)));
            }
        }
        Latencies a = new Latencies(firstDraft);
        Latencies base = new Latencies(relay);
        Latencies c = new Latencies(finals);
        table.note("figure 9a first delta→first draft " + a + "; 9b peak " + String.format("%.2f", peakRate)
                + " drafts/s per chat; 9c " + crowd + " chats at once × " + rounds + ", result→final message " + c
                + "; baseline (one answer without streaming, result→last message) " + base);
        table.millis("9a. streaming first delta→first draft p50 (n=" + a.count() + ")", a.p50(), base.p50(), "≤ 600 ms", a.p50() <= 600);
        table.millis("9a. streaming first delta→first draft p99", a.p99(), base.p99(), "≤ 1200 ms", a.p99() <= 1200);
        table.row("9b. drafts per chat per second, highest", String.format("%.2f/s", peakRate), "—", "n/a", "≤ 2.5/s",
                peakRate <= 2.5 ? "yes" : "**no**");
        table.millis("9c. " + crowd + " chats streaming: result→final message, max (n=" + c.count() + ")", c.maxMillis(),
                base.maxMillis(), "≤ 1000 ms", c.maxMillis() <= 1000);
    }

    private Optional<Long> firstDelta(String turn) {
        return rig.claude.events().stream()
                .filter(e -> "delta".equals(e.getString("event")) && turn.equals(e.getString("turn", null)))
                .map(e -> e.getJsonNumber("t_ns").longValue()).findFirst();
    }

    private long result(String turn) {
        for (int i = 0; i < 400; i++) {
            Optional<Long> written = RelayOverhead.resultNanos(rig.claude.events(), turn);
            if (written.isPresent()) {
                return written.get();
            }
            Rig.pause(5);
        }
        throw new IllegalStateException("no result logged for " + turn);
    }

    /** Arrivals of the chat's drafts (taken by the stub) from its first delta to its message: one answer's, in order. */
    private List<Long> drafts(long chat, long from, long to) {
        return rig.telegram.drafts(chat).stream().map(d -> Rig.epochNanos(d.at())).filter(at -> at >= from && at <= to)
                .collect(Collectors.toList());
    }

    private long lastMessage(long chat, String fragment) {
        Optional<BotApiStub.Call> last = rig.telegram.delivered().stream()
                .filter(c -> c.method().equals("sendMessage") && c.chatId() == chat && c.text() != null && c.text().contains(fragment))
                .reduce((x, y) -> y);
        return Rig.epochNanos(last.orElseThrow().at());
    }
}
