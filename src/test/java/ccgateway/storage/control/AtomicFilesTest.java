package ccgateway.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void anUnreadableStateFileIsMovedAsideWithItsBytesAndNeverReplacesAnEarlierOne() throws IOException {
        Path state = dir.resolve("active-sessions.json");
        Files.writeString(state, "{\"7001\":");
        Path first = AtomicFiles.moveAside(state);
        assertFalse(Files.exists(state));
        assertEquals("{\"7001\":", Files.readString(first));
        assertTrue(first.getFileName().toString().matches("active-sessions\\.json\\.corrupt-\\d{8}T\\d{6}Z(-\\d+)?"), first.toString());

        Files.writeString(state, "second");
        Path second = AtomicFiles.moveAside(state);
        assertNotEquals(first, second);
        assertEquals("{\"7001\":", Files.readString(first), "the earlier one was replaced");
        assertEquals("second", Files.readString(second));
    }

    @Test
    void whatCannotBeMovedIsSaid() {
        assertTrue(AtomicFiles.moveAsideAndSay(dir.resolve("missing")).startsWith("it could not be moved aside"));
    }
}
