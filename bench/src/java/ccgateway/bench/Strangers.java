package ccgateway.bench;

import ccgateway.testing.Await;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Figure 10: what a flood of strangers leaves in the gateway's heap (SPEC §10 bounds). Each update
 * comes from a different person in a different chat — half private chats (told "Not authorized."
 * once an hour), half unlisted groups (the bot leaves them) — posted to the webhook at a fixed
 * rate. The live heap (after the full GC of a class histogram) is taken after a warm-up, after half
 * the flood and after all of it: per-chat state that stayed behind would grow the second half as
 * much as the first; bounded state (the refusal windows, the ledger's last ids) stops growing.
 */
final class Strangers {

    private static final long FIRST_STRANGER = 500_000_000L;

    private final Rig rig;
    private final Load load = new Load();
    private final Updates updates = new Updates(10_000_000);
    private final String webhook;
    private long next = FIRST_STRANGER;

    Strangers(Rig rig) {
        this.rig = rig;
        this.webhook = rig.current().url() + "/telegram/webhook";
    }

    /** Posts {@code count} stranger updates at {@code rate}/s; returns how many were not answered 200. */
    private int flood(int count, double rate) {
        IntFunction<HttpRequest> strangers = i -> {
            long id = next++;
            String body = i % 2 == 0 ? Updates.text(updates.nextId(), id, id, "hello")
                    : updates.groupText(id, -id, "hello");
            return Load.post(webhook, Webhook.SECRET, body);
        };
        Load.Result result = load.run(count, rate, strangers);
        settle();
        return result.failed() + result.non2xx();
    }

    /** Waits until the gateway has made no Bot API call for two seconds: its replies and leaves are done. */
    private void settle() {
        int[] seen = {-1};
        long[] since = {System.nanoTime()};
        Await.until(() -> {
            int now = rig.telegram.calls().size();
            if (now != seen[0]) {
                seen[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > Duration.ofSeconds(2).toNanos();
        }, Rig.WAIT, () -> "the gateway kept calling the Bot API");
    }

    void figure10(Table table, int total, double rate) throws Exception {
        int half = total / 2;
        int bad = flood(2_000, rate); // warm-up: class loading, JIT, the pools' threads
        String warm = Scale.histogram(rig.current().pid());
        long before = Scale.total(warm);
        bad += flood(half, rate);
        String middle = Scale.histogram(rig.current().pid());
        bad += flood(total - half, rate);
        String after = Scale.histogram(rig.current().pid());
        rig.send(Rig.USER, "/help");
        rig.await(Rig.USER, "/new");
        long grewFirst = Scale.total(middle) - before;
        long grewSecond = Scale.total(after) - Scale.total(middle);
        long limit = 2L << 20;
        table.row("10 live heap growth, second " + half + " strangers (first " + half + ")", mb(grewSecond), mb(grewFirst),
                "n/a", "≤ 2 MB: no per-chat state", grewSecond <= limit && bad == 0 ? "yes" : "**no**");
        table.note(String.format("figure 10: live heap %s after the warm-up, %s after %d strangers, %s after %d; %d updates not "
                + "answered 200; %d \"Not authorized.\" sent, %d groups left; /help still answered; largest growth over the "
                + "first half: %s; over the second: %s", mb(before), mb(Scale.total(middle)), half, mb(Scale.total(after)), total, bad,
                rig.telegram.calls("sendMessage").stream().filter(c -> "Not authorized.".equals(c.params().get("text"))).count(), rig.telegram.calls("leaveChat").size(), largest(warm, middle), largest(middle, after)));
    }

    /** The three classes whose live bytes grew most between two histograms. */
    private static String largest(String from, String to) {
        Map<String, long[]> a = Scale.classes(from);
        List<Map.Entry<String, long[]>> grown = new ArrayList<>(Scale.classes(to).entrySet());
        grown.sort(Comparator.comparingLong(e -> -(e.getValue()[1] - a.getOrDefault(e.getKey(), new long[2])[1])));
        List<String> top = new ArrayList<>();
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(3, grown.size()))) {
            long[] was = a.getOrDefault(e.getKey(), new long[2]);
            top.add(String.format("%s %+d instances %s", e.getKey(), e.getValue()[0] - was[0], mb(e.getValue()[1] - was[1])));
        }
        return String.join(", ", top);
    }

    private static String mb(long bytes) {
        return String.format("%.2f MB", bytes / 1048576.0);
    }
}
