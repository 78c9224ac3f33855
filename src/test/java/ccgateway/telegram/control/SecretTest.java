package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    static final String TOKEN = "123456:from-a-file";

    @TempDir
    Path dir;

    @Test
    void fileValueLosesItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertEquals(Optional.of(TOKEN), Secret.fromFile(Optional.of(file.toString()), "telegram.bot-token-file").value());
        Files.writeString(file, TOKEN + "\r\n\n");
        assertEquals(Optional.of(TOKEN), Secret.fromFile(Optional.of(file.toString()), "telegram.bot-token-file").value());
    }

    @Test
    void noFileNamedIsNeitherASecretNorAProblem() {
        Secret none = Secret.fromFile(Optional.of("  "), "telegram.bot-token-file");
        assertTrue(none.value().isEmpty());
        assertTrue(none.problem().isEmpty());
    }

    @Test
    void missingFileIsAProblemThatNamesTheFileAndTheKey() {
        Path missing = dir.resolve("nope");
        Secret secret = Secret.fromFile(Optional.of(missing.toString()), "telegram.bot-token-file");
        assertTrue(secret.value().isEmpty());
        String problem = secret.problem().orElseThrow();
        assertTrue(problem.contains(missing.toString()), problem);
        assertTrue(problem.contains("TELEGRAM_BOT_TOKEN_FILE"), problem);
    }

    @Test
    void unreadableFileNeverShowsItsContentInTheProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN);
        assertTrue(file.toFile().setReadable(false));
        Secret secret = Secret.fromFile(Optional.of(file.toString()), "telegram.bot-token-file");
        if (Files.isReadable(file)) {
            return; // running as root: permissions do not keep anything out
        }
        assertTrue(secret.value().isEmpty());
        assertFalse(secret.problem().orElseThrow().contains(TOKEN));
    }

    @Test
    void emptyOversizedAndNonTextFilesAreProblemsWithoutContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(Secret.fromFile(Optional.of(empty.toString()), "k").problem().orElseThrow().contains("empty"));
        Path big = Files.writeString(dir.resolve("big"), "x".repeat(Secret.MAX_BYTES + 1));
        String tooBig = Secret.fromFile(Optional.of(big.toString()), "k").problem().orElseThrow();
        assertFalse(tooBig.contains("xxxx"), tooBig);
        Path binary = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertTrue(Secret.fromFile(Optional.of(binary.toString()), "k").problem().isPresent());
    }

    @Test
    void plainKeyWinsOverTheFile() throws Exception {
        TelegramConfig config = new TelegramConfig();
        config.token = Optional.of("plain:token");
        config.tokenFile = Optional.of(Files.writeString(dir.resolve("token"), TOKEN).toString());
        assertEquals(Optional.of("plain:token"), config.token());
        config.token = Optional.empty();
        assertEquals(Optional.of(TOKEN), config.token());
        assertTrue(config.tokenProblem().isEmpty());
    }

    @Test
    void webhookSecretComesFromItsFile() throws Exception {
        TelegramConfig config = new TelegramConfig();
        config.webhookSecret = Optional.empty();
        config.webhookSecretFile = Optional.of(Files.writeString(dir.resolve("secret"), "s3cret_from-file\n").toString());
        assertEquals(Optional.of("s3cret_from-file"), config.webhookSecret());
        WebhookGate gate = new WebhookGate();
        gate.config = config;
        assertTrue(gate.secretMatches("s3cret_from-file"));
        assertFalse(gate.secretMatches("s3cret_from-file\n"));
    }
}
