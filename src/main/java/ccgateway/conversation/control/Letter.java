package ccgateway.conversation.control;

import java.util.List;

/**
 * A message on its way to a claude process, with the inbox id it settles there (SPEC §12): the
 * update it came in, or {@link #NONE} for what the gateway itself writes.
 */
record Letter(String text, long updateId) {

    static final long NONE = Long.MIN_VALUE;

    static List<Long> ids(List<Letter> letters) {
        return letters.stream().filter(l -> l.updateId() != NONE).map(Letter::updateId).toList();
    }
}
