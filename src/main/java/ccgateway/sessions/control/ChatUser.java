package ccgateway.sessions.control;

/**
 * A person in a chat: the key of the active session. In a private chat the two ids are the same;
 * in a group each allowed person has their own active session, so one person's /switch never moves
 * another's messages (SPEC §10).
 */
public record ChatUser(long chat, long user) {

    /** The previous version's {@code active-sessions.json} keys are {@code chat:user}; an older one's the chat alone. */
    String key() {
        return chat + ":" + user;
    }

    /**
     * An older data dir recorded the chat alone: in a private chat that is also the person; in a
     * group the person is the owner of the session that was active there ({@code ownerOfSession}),
     * the one person who may use it now (SPEC §10), so their group keeps its session after the upgrade.
     */
    static ChatUser parse(String key, long ownerOfSession) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            long chat = Long.parseLong(key);
            return new ChatUser(chat, chat > 0 ? chat : ownerOfSession);
        }
        return new ChatUser(Long.parseLong(key.substring(0, colon)), Long.parseLong(key.substring(colon + 1)));
    }
}
