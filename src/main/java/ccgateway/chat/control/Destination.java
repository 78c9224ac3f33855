package ccgateway.chat.control;

import java.util.Optional;

/**
 * Where a session's output goes (SPEC §11 Topics): the chat, the session's topic there (0: none),
 * and what each message starts with: nothing in the session's own topic or when it is the chat's
 * active session for its person, else {@code [name] }, so that the person can tell whose words
 * they read among the active session's.
 */
record Destination(long chatId, long threadId, String label) {

    /** A chat, or one of its topics: output to one place is batched together. */
    record Place(long chatId, long threadId) {
    }

    static Destination of(long chatId, long threadId, String session, Optional<String> active) {
        return new Destination(chatId, threadId, threadId != 0 ? "" : label(session, active));
    }

    static String label(String session, Optional<String> active) {
        return active.filter(session::equals).isPresent() ? "" : "[" + session + "] ";
    }

    Place place() {
        return new Place(chatId, threadId);
    }
}
