package ccgateway.commands.control;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a path a person typed leads inside a session's directory (SPEC §11, "Files back"), never
 * outside it: the path must be relative, must stay inside once {@code ..} is taken away, and after
 * every symlink is followed the real path must still be inside the directory's own real path (the
 * directory itself may be a symlink to a project). Outside is told apart from missing only inside:
 * nothing is revealed about what exists elsewhere.
 */
final class InsideDirectory {

    /** What the path leads to. {@code real} has every symlink resolved. */
    sealed interface Found {
    }

    record Outside() implements Found {
    }

    record Missing() implements Found {
    }

    record Folder(Path real) implements Found {
    }

    record RegularFile(Path real, long size) implements Found {
    }

    /** A device, a socket, a pipe: nothing to send (and reading a pipe could wait for ever). */
    record NotAFile() implements Found {
    }

    private InsideDirectory() {
    }

    static Found resolve(Path directory, String asked) throws IOException {
        Path given;
        try {
            given = directory.getFileSystem().getPath(asked);
        } catch (InvalidPathException e) {
            return new Missing(); // a NUL byte: no file can have that name
        }
        if (given.isAbsolute()) {
            return new Outside();
        }
        Path root;
        try {
            root = directory.toRealPath();
        } catch (NoSuchFileException e) {
            return new Missing();
        }
        Path lexical = root.resolve(given).normalize();
        if (!lexical.startsWith(root)) {
            return new Outside();
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            return new Missing(); // a symlink pointing nowhere included
        }
        if (!real.startsWith(root)) {
            return new Outside();
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            return new Folder(real);
        }
        return attributes.isRegularFile() ? new RegularFile(real, attributes.size()) : new NotAFile();
    }

    /** The name the person asked for: "notes/latest.md" is sent as "latest.md", even when it is a symlink. */
    static String askedName(String asked) {
        Path name = Path.of(asked).normalize().getFileName();
        return name == null || name.toString().isEmpty() ? "file" : name.toString();
    }
}
