package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRelativeCommandResolvesToAnAbsolutePathFromTheGatewaysOwnDirectory() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        Path script = executable(Files.createTempFile(cwd.resolve("target"), "claude-", ".sh"));
        try {
            ClaudeCommand command = command(cwd.relativize(script).toString());
            Optional<Path> resolved = command.executable();
            assertTrue(resolved.isPresent());
            assertTrue(resolved.get().isAbsolute(), resolved.get().toString());
            assertEquals(script.normalize(), resolved.get());
        } finally {
            Files.delete(script);
        }
    }

    @Test
    void theFirstResolutionIsKeptForEveryLaunch() throws IOException {
        Path script = executable(dir.resolve("claude"));
        ClaudeCommand command = command(script.toString());
        assertEquals(Optional.of(script), command.executable());
        Files.delete(script);
        assertEquals(Optional.of(script), command.executable(), "the launch runs what was resolved at start");
        assertTrue(command.resolve().isEmpty(), "readiness still sees that it is gone");
    }

    @Test
    void aDirectoryOrAMissingFileIsNotAnExecutable() {
        assertTrue(command(dir.toString()).executable().isEmpty());
        assertTrue(command(dir.resolve("missing").toString()).executable().isEmpty());
        assertTrue(command(" ").executable().isEmpty());
    }

    private static ClaudeCommand command(String value) {
        ClaudeCommand command = new ClaudeCommand();
        command.command = value;
        command.args = Optional.empty();
        return command;
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
