package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionCommandsTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    static String ago(Duration d) {
        return SessionCommands.relative(NOW.minus(d), NOW);
    }

    @Test
    void lastActivityIsShownRelativeAsTheSpecSays() {
        assertEquals("just now", ago(Duration.ZERO));
        assertEquals("just now", ago(Duration.ofSeconds(59)));
        assertEquals("1m ago", ago(Duration.ofSeconds(60)));
        assertEquals("59m ago", ago(Duration.ofMinutes(59).plusSeconds(59)));
        assertEquals("1h ago", ago(Duration.ofHours(1)));
        assertEquals("23h ago", ago(Duration.ofHours(23).plusMinutes(59)));
        assertEquals("1d ago", ago(Duration.ofDays(1)));
        assertEquals("400d ago", ago(Duration.ofDays(400)));
        assertEquals("just now", SessionCommands.relative(NOW.plusSeconds(30), NOW), "a clock step back is not negative time");
    }

    @Test
    void commandNamesAreRecognisedAsTelegramSendsThem() {
        assertEquals("help", Commands.commandName("/help"));
        assertEquals("help", Commands.commandName("/Help@my_bot"));
        assertEquals("new", Commands.commandName("/new work default"));
        assertEquals("work default", Commands.arguments("/new   work default "));
        assertEquals("", Commands.arguments("/sessions"));
        assertEquals("", Commands.commandName("/"));
    }

    @Test
    void userWordsAreQuotedBackShortAndOnOneLine() {
        assertEquals("a b", Text.shown("a\nb"));
        assertEquals("x".repeat(40) + "…", Text.shown("x".repeat(100)));
        String emoji = "😀".repeat(50);
        assertEquals("😀".repeat(40) + "…", Text.shown(emoji), "never half an emoji");
    }
}
