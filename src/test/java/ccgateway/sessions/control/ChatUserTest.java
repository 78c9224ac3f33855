package ccgateway.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChatUserTest {

    @Test
    void eachPersonInAGroupHasTheirOwnKey() {
        ChatUser a = new ChatUser(-100, 1001);
        assertEquals(a, ChatUser.parse(a.key()));
        assertEquals("-100:1001", a.key());
    }

    @Test
    void aPrivateChatOfAnOlderDataDirIsItsPerson() {
        assertEquals(new ChatUser(1001, 1001), ChatUser.parse("1001"));
    }
}
