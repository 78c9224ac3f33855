package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void resumeNoticeSaysHowLongTheSessionWasIdle() {
        assertEquals("Resuming session...", Launcher.resumingText(Instant.now().minusSeconds(30)));
        assertEquals("Resuming session...", Launcher.resumingText(Instant.now().minusSeconds(60)));
        assertEquals("Resuming session (idle for 1 min)...", Launcher.resumingText(Instant.now().minusSeconds(61)));
        assertEquals("Resuming session (idle for 15 min)...", Launcher.resumingText(Instant.now().minus(Duration.ofMinutes(15))));
    }
}
