package ccgateway.sessions.control;

/**
 * A person in a chat: the key of the active session. In a private chat the two ids are the same;
 * in a group each allowed person has their own active session, so one person's /switch never moves
 * another's messages (SPEC §10).
 */
public record ChatUser(long chat, long user) {

    /** {@code active-sessions.json} keys are {@code chat:user}; a key of an older data dir is the chat alone. */
    String key() {
        return chat + ":" + user;
    }

    /**
     * An older data dir recorded the chat alone; in a private chat that is also the person, and an
     * old group entry names nobody (the session's owner switches to it again).
     */
    static ChatUser parse(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            long chat = Long.parseLong(key);
            return new ChatUser(chat, chat);
        }
        return new ChatUser(Long.parseLong(key.substring(0, colon)), Long.parseLong(key.substring(colon + 1)));
    }
}
