package ccgateway.telegram.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret given as a value or as a file holding it (SPEC §10, e.g. systemd {@code LoadCredential}):
 * a file keeps the value out of {@code /proc/<pid>/cmdline} and {@code /proc/<pid>/environ}.
 * {@code problem} names the file, never what it holds.
 */
public record Secret(Optional<String> value, Optional<String> problem) {

    /** A token or a webhook secret is a few dozen bytes; anything much larger is the wrong file. */
    static final int MAX_BYTES = 4096;

    static Secret given(String value) {
        return new Secret(Optional.of(value), Optional.empty());
    }

    /** From the file {@code fileKey} names; no secret and no problem when it names none. */
    static Secret fromFile(Optional<String> file, String fileKey) {
        Optional<String> path = file.map(String::trim).filter(s -> !s.isEmpty());
        return path.map(p -> read(Path.of(p), fileKey)).orElse(new Secret(Optional.empty(), Optional.empty()));
    }

    /** The file's text without its trailing line break(s); empty or unreadable is a problem naming the file. */
    static Secret read(Path file, String fileKey) {
        String envName = fileKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
        String where = fileKey + " (" + envName + ") names " + file;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return failed(where + ", which is larger than " + MAX_BYTES + " bytes: not a secret file");
            }
            String value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString()
                    .replaceAll("[\\r\\n]+$", "");
            return value.isEmpty() ? failed(where + ", which is empty") : new Secret(Optional.of(value), Optional.empty());
        } catch (CharacterCodingException e) {
            return failed(where + ", which is not UTF-8 text");
        } catch (IOException | SecurityException e) {
            // the exception's own message is the path at most: it never carries the file's content
            return failed(where + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Secret failed(String problem) {
        return new Secret(Optional.empty(), Optional.of(problem));
    }
}
