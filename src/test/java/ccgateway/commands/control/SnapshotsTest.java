package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.storage.control.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy /get sends: the bytes as they were, under the name asked for, and nothing left behind. */
class SnapshotsTest {

    @TempDir
    Path temp;
    Snapshots snapshots;

    @BeforeEach
    void dataDir() {
        snapshots = new Snapshots();
        snapshots.dataDir = DataDir.at(temp.resolve("data"));
    }

    private long leftOver() throws IOException {
        Path outgoing = temp.resolve("data/state/outgoing");
        if (!Files.isDirectory(outgoing)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(outgoing)) {
            return files.filter(p -> !p.equals(outgoing)).count();
        }
    }

    @Test
    void theCopyHasTheBytesAndTheAskedName() throws IOException {
        byte[] content = {0, (byte) 0xff, '\r', '\n', 42};
        Path source = Files.write(temp.resolve("source.bin"), content);
        Snapshots.Copy copy = snapshots.take(source, "report.bin", 100);
        assertFalse(copy.tooLarge());
        assertEquals("report.bin", copy.file().getFileName().toString());
        assertArrayEquals(content, Files.readAllBytes(copy.file()));
        snapshots.drop(copy.file());
        assertEquals(0, leftOver());
    }

    @Test
    void aFileThatGrewPastTheLimitIsNotKept() throws IOException {
        Path source = Files.write(temp.resolve("grown.bin"), new byte[101]);
        Snapshots.Copy copy = snapshots.take(source, "grown.bin", 100);
        assertTrue(copy.tooLarge());
        assertTrue(copy.size() > 100);
        assertEquals(0, leftOver());
    }

    @Test
    void aSymlinkPutInPlaceOfTheFileIsNotFollowed() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        Path swapped = Files.createSymbolicLink(temp.resolve("swapped.txt"), secret);
        assertThrows(IOException.class, () -> snapshots.take(swapped, "swapped.txt", 100));
        assertEquals(0, leftOver());
    }

    @Test
    void copiesLeftByACrashGoAtStart() throws IOException {
        Path left = Files.createDirectories(temp.resolve("data/state/outgoing/abc"));
        Files.writeString(left.resolve("old.txt"), "old");
        snapshots.sweep();
        assertEquals(0, leftOver());
    }
}
