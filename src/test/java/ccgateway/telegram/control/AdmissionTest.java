package ccgateway.telegram.control;

import static ccgateway.telegram.control.Admission.Verdict.IGNORE;
import static ccgateway.telegram.control.Admission.Verdict.LEAVE;
import static ccgateway.telegram.control.Admission.Verdict.REFUSE;
import static ccgateway.telegram.control.Admission.Verdict.SERVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pengrad.telegrambot.model.Chat;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    static final long OWNER = 1001;
    static final long STRANGER = 6666;
    static final long LISTED_GROUP = -100_111;
    static final long OTHER_GROUP = -100_222;

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final Admission admission = new Admission(now::get);

    AdmissionTest() {
        Allowlist allowlist = new Allowlist();
        allowlist.configured = Optional.of("1001, 1002");
        allowlist.configuredChats = Optional.of(LISTED_GROUP + ",not-a-chat");
        allowlist.init();
        admission.allowlist = allowlist;
    }

    @Test
    void privateChatsServeAllowedUsersAndRefuseStrangers() {
        assertEquals(SERVE, admission.message(Chat.Type.Private, OWNER, OWNER));
        assertEquals(REFUSE, admission.message(Chat.Type.Private, STRANGER, STRANGER));
    }

    @Test
    void aStrangerInPrivateIsToldOnceAnHour() {
        assertEquals(REFUSE, admission.message(Chat.Type.Private, STRANGER, STRANGER));
        assertEquals(IGNORE, admission.message(Chat.Type.Private, STRANGER, STRANGER));
        now.addAndGet(Duration.ofMinutes(59).toMillis());
        assertEquals(IGNORE, admission.message(Chat.Type.Private, STRANGER, STRANGER));
        now.addAndGet(Duration.ofMinutes(62).toMillis());
        assertEquals(REFUSE, admission.message(Chat.Type.Private, STRANGER, STRANGER));
    }

    @Test
    void aListedGroupServesOnlyAllowedUsersAndStrangersAreSilent() {
        assertEquals(SERVE, admission.message(Chat.Type.supergroup, LISTED_GROUP, OWNER));
        assertEquals(IGNORE, admission.message(Chat.Type.supergroup, LISTED_GROUP, STRANGER));
        assertEquals(IGNORE, admission.message(Chat.Type.group, LISTED_GROUP, STRANGER));
    }

    @Test
    void anUnlistedGroupIsLeftWhoeverWrites() {
        assertEquals(LEAVE, admission.message(Chat.Type.group, OTHER_GROUP, OWNER));
        assertEquals(LEAVE, admission.message(Chat.Type.supergroup, OTHER_GROUP, STRANGER));
        assertEquals(LEAVE, admission.message(Chat.Type.channel, OTHER_GROUP, OWNER));
        assertTrue(admission.mustLeave(Chat.Type.group, OTHER_GROUP));
        assertFalse(admission.mustLeave(Chat.Type.group, LISTED_GROUP));
        assertFalse(admission.mustLeave(Chat.Type.Private, OWNER));
    }

    @Test
    void aStrangersPressIsAlwaysAnsweredPrivatelyButNeverInAnUnlistedGroup() {
        assertEquals(REFUSE, admission.press(Chat.Type.supergroup, LISTED_GROUP, STRANGER));
        assertEquals(REFUSE, admission.press(Chat.Type.Private, STRANGER, STRANGER));
        assertEquals(REFUSE, admission.press(Chat.Type.Private, STRANGER, STRANGER), "the spinner stops every time");
        assertEquals(SERVE, admission.press(Chat.Type.supergroup, LISTED_GROUP, OWNER));
        assertEquals(LEAVE, admission.press(Chat.Type.group, OTHER_GROUP, OWNER));
    }

    @Test
    void withoutATypeTheIdTellsAPersonFromAGroup() {
        assertEquals(SERVE, admission.message(null, OWNER, OWNER));
        assertEquals(LEAVE, admission.message(null, OTHER_GROUP, OWNER));
    }

    @Test
    void aFloodOfStrangersLeavesABoundedMemory() {
        for (long stranger = 10_000; stranger < 110_000; stranger++) {
            admission.message(Chat.Type.Private, stranger, stranger);
        }
        assertEquals(Admission.REMEMBERED_STRANGERS, admission.strangersRemembered());
        now.addAndGet(Duration.ofHours(2).toMillis());
        assertEquals(0, admission.strangersRemembered());
    }
}
