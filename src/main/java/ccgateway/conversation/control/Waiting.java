package ccgateway.conversation.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Messages that wait, grouped by where they go ({@code K}: the chat a session's held messages
 * came from, or the session and chat of a message waiting for a live slot). Groups leave in the
 * order their first message came, each message in its group in the order it came: one chat's
 * messages become one turn, never merged with another chat's (SPEC §10). Not thread-safe.
 */
final class Waiting<K> {

    /** One group: where it goes and its messages, in order. */
    record Batch<K>(K key, List<Letter> messages) {

        String joined() {
            return messages.stream().map(Letter::text).collect(Collectors.joining("\n\n"));
        }

        /** The inbox's ids of the messages (SPEC §12). */
        List<Long> ids() {
            return Letter.ids(messages);
        }
    }

    private final LinkedHashMap<K, List<Letter>> groups = new LinkedHashMap<>();
    private int size;

    void add(K key, Letter message) {
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
        size++;
    }

    /** Puts a batch back in front, as it was before it was taken. */
    void putBack(Batch<K> batch) {
        LinkedHashMap<K, List<Letter>> rest = new LinkedHashMap<>(groups);
        groups.clear();
        groups.put(batch.key(), new ArrayList<>(batch.messages()));
        rest.forEach((k, m) -> groups.merge(k, m, (front, back) -> {
            front.addAll(back);
            return front;
        }));
        size += batch.messages().size();
    }

    /** The oldest group, taken out. */
    Optional<Batch<K>> next() {
        Iterator<Map.Entry<K, List<Letter>>> first = groups.entrySet().iterator();
        if (!first.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<K, List<Letter>> e = first.next();
        first.remove();
        size -= e.getValue().size();
        return Optional.of(new Batch<>(e.getKey(), List.copyOf(e.getValue())));
    }

    Optional<K> oldestKey() {
        return groups.keySet().stream().findFirst();
    }

    Optional<K> oldestKeyMatching(Predicate<K> which) {
        return groups.keySet().stream().filter(which).findFirst();
    }

    /** Every group, oldest first, taken out. */
    List<Batch<K>> takeAll() {
        List<Batch<K>> all = new ArrayList<>();
        for (Optional<Batch<K>> b = next(); b.isPresent(); b = next()) {
            all.add(b.get());
        }
        return all;
    }

    /** The groups whose key matches, oldest first, taken out; the others stay in their order. */
    List<Batch<K>> take(Predicate<K> which) {
        List<Batch<K>> taken = new ArrayList<>();
        Iterator<Map.Entry<K, List<Letter>>> it = groups.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, List<Letter>> e = it.next();
            if (which.test(e.getKey())) {
                it.remove();
                size -= e.getValue().size();
                taken.add(new Batch<>(e.getKey(), List.copyOf(e.getValue())));
            }
        }
        return taken;
    }

    /** Messages of the groups whose key matches. */
    int count(Predicate<K> which) {
        return groups.entrySet().stream().filter(e -> which.test(e.getKey())).mapToInt(e -> e.getValue().size()).sum();
    }

    boolean any(Predicate<K> which) {
        return groups.keySet().stream().anyMatch(which);
    }

    /** Messages, not groups: the bound of SPEC §10 counts messages. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
