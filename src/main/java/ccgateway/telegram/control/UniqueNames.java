package ccgateway.telegram.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts a finished download in place under a name no other file has: {@code {stamp}-{name}}, then
 * {@code {stamp}-2-{name}}, {@code {stamp}-3-{name}}… An existing file is never replaced, even when
 * two chats send a file of the same name in the same second: the name is taken with a hard link,
 * which the kernel refuses atomically when the name exists (a check followed by a rename would let
 * two uploads pick the same free name, and rename replaces what it finds).
 */
final class UniqueNames {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final int MAX_TRIES = 10_000;

    private UniqueNames() {
    }

    static String candidate(Instant now, String name, int n) {
        String stamp = STAMP.format(now);
        return n <= 1 ? stamp + "-" + name : stamp + "-" + n + "-" + name;
    }

    /** @return where {@code temp} now is, under a new name in {@code dir}; {@code temp} itself is gone */
    static Path place(Path temp, Path dir, String name, Instant now) throws IOException {
        for (int n = 1; n <= MAX_TRIES; n++) {
            Path target = dir.resolve(candidate(now, name, n));
            try {
                Files.createLink(target, temp);
                Files.delete(temp);
                return target;
            } catch (FileAlreadyExistsException taken) {
                // someone has this name: the next one
            } catch (UnsupportedOperationException noLinks) {
                // a file system without hard links: a plain move, which refuses (not replaces) an existing name
                try {
                    return Files.move(temp, target);
                } catch (FileAlreadyExistsException taken) {
                    // the next one
                }
            }
        }
        throw new IOException("no free name for " + name + " in " + dir);
    }
}
