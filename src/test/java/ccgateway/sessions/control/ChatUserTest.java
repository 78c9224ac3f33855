package ccgateway.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChatUserTest {

    @Test
    void eachPersonInAGroupHasTheirOwnKey() {
        ChatUser a = new ChatUser(-100, 1001);
        assertEquals(a, ChatUser.parse(a.key(), 1002));
        assertEquals("-100:1001", a.key());
    }

    @Test
    void aPrivateChatOfAnOlderDataDirIsItsPerson() {
        assertEquals(new ChatUser(1001, 1001), ChatUser.parse("1001", 1002));
    }

    @Test
    void aGroupOfAnOlderDataDirKeepsItsSessionForTheSessionsOwner() {
        assertEquals(new ChatUser(-4242, 1002), ChatUser.parse("-4242", 1002));
    }
}
