package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BotUsernameTest {

    static final Optional<String> OURS = Optional.of("stub_bot");

    @Test
    void aCommandForAnotherBotIsNotOurs() {
        assertTrue(BotUsername.addressedElsewhere("/help@otherbot", OURS));
        assertTrue(BotUsername.addressedElsewhere("/new@otherbot work", OURS));
    }

    @Test
    void ourNameInAnyCaseAndPlainCommandsAreOurs() {
        assertFalse(BotUsername.addressedElsewhere("/help@stub_bot", OURS));
        assertFalse(BotUsername.addressedElsewhere("/Help@Stub_Bot args", OURS));
        assertFalse(BotUsername.addressedElsewhere("/help", OURS));
        assertFalse(BotUsername.addressedElsewhere("mail me at a@b.c", OURS));
        assertFalse(BotUsername.addressedElsewhere("/new work see@otherbot", OURS), "only the command word is addressed");
    }

    @Test
    void whileOurNameIsUnknownAnAddressedCommandIsNotTakenAsOurs() {
        assertTrue(BotUsername.addressedElsewhere("/help@stub_bot", Optional.empty()));
        assertFalse(BotUsername.addressedElsewhere("/help", Optional.empty()));
    }
}
