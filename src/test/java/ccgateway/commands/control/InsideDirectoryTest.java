package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /get never leads outside the session's directory, however the path is written. */
class InsideDirectoryTest {

    @TempDir
    Path temp;
    Path session;

    @BeforeEach
    void layout() throws IOException {
        session = Files.createDirectories(temp.resolve("sessions/alpha"));
        Files.createDirectories(session.resolve("a/b"));
        Files.writeString(session.resolve("a/b/notes.md"), "notes");
        Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createDirectories(temp.resolve("sessions/beta"));
        Files.writeString(temp.resolve("sessions/beta/theirs.txt"), "theirs");
    }

    private InsideDirectory.Found get(String asked) throws IOException {
        return InsideDirectory.resolve(session, asked);
    }

    @Test
    void aFileInsideIsFoundWithItsSize() throws IOException {
        InsideDirectory.RegularFile file = assertInstanceOf(InsideDirectory.RegularFile.class, get("a/b/notes.md"));
        assertEquals(session.toRealPath().resolve("a/b/notes.md"), file.real());
        assertEquals(5, file.size());
    }

    @Test
    void dotDotOutOfTheDirectoryIsOutside() throws IOException {
        assertInstanceOf(InsideDirectory.Outside.class, get("../../secret.txt"));
        assertInstanceOf(InsideDirectory.Outside.class, get(".."));
        assertInstanceOf(InsideDirectory.Outside.class, get("../beta/theirs.txt"));
    }

    @Test
    void dotDotHiddenInTheMiddleIsOutside() throws IOException {
        assertInstanceOf(InsideDirectory.Outside.class, get("a/../../x"));
        assertInstanceOf(InsideDirectory.Outside.class, get("a/b/../../../beta/theirs.txt"));
    }

    @Test
    void dotDotThatStaysInsideIsFine() throws IOException {
        assertInstanceOf(InsideDirectory.RegularFile.class, get("a/../a/b/notes.md"));
    }

    @Test
    void anAbsolutePathIsOutsideEvenWhenItNamesAFileInside() throws IOException {
        assertInstanceOf(InsideDirectory.Outside.class, get(temp.resolve("secret.txt").toString()));
        assertInstanceOf(InsideDirectory.Outside.class, get(session.resolve("a/b/notes.md").toString()));
        assertInstanceOf(InsideDirectory.Outside.class, get("/etc/passwd"));
    }

    @Test
    void aSymlinkPointingOutsideIsOutside() throws IOException {
        Files.createSymbolicLink(session.resolve("link"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(session.resolve("up"), temp);
        assertInstanceOf(InsideDirectory.Outside.class, get("link"));
        assertInstanceOf(InsideDirectory.Outside.class, get("up/secret.txt"));
        assertInstanceOf(InsideDirectory.Outside.class, get("up"));
    }

    @Test
    void aSymlinkPointingInsideIsFollowed() throws IOException {
        Files.createSymbolicLink(session.resolve("latest"), Path.of("a/b/notes.md"));
        InsideDirectory.RegularFile file = assertInstanceOf(InsideDirectory.RegularFile.class, get("latest"));
        assertEquals(session.toRealPath().resolve("a/b/notes.md"), file.real());
        assertEquals("latest", InsideDirectory.askedName("latest"));
    }

    @Test
    void aSessionDirectoryThatIsItselfASymlinkConfinesToItsTarget() throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("README"), "readme");
        Path linked = Files.createSymbolicLink(temp.resolve("sessions/linked"), project);
        assertInstanceOf(InsideDirectory.RegularFile.class, InsideDirectory.resolve(linked, "README"));
        assertInstanceOf(InsideDirectory.Outside.class, InsideDirectory.resolve(linked, "../secret.txt"));
    }

    @Test
    void theSessionDirectoryItselfIsAFolder() throws IOException {
        assertEquals(session.toRealPath(), assertInstanceOf(InsideDirectory.Folder.class, get(".")).real());
        assertInstanceOf(InsideDirectory.Folder.class, get("a/.."));
        assertInstanceOf(InsideDirectory.Folder.class, get("a/b/"));
    }

    @Test
    void aMissingFileOrADanglingSymlinkIsMissing() throws IOException {
        Files.createSymbolicLink(session.resolve("dangling"), temp.resolve("nowhere"));
        assertInstanceOf(InsideDirectory.Missing.class, get("nothing.txt"));
        assertInstanceOf(InsideDirectory.Missing.class, get("dangling"));
        assertInstanceOf(InsideDirectory.Missing.class, get("bad\0name"));
    }

    @Test
    void aMissingFileOutsideIsOutsideNotMissing() throws IOException {
        assertInstanceOf(InsideDirectory.Outside.class, get("../nothing-there"));
    }
}
