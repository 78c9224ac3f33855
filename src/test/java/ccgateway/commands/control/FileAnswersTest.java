package ccgateway.commands.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The 50 MB rule and the words of /get. */
class FileAnswersTest {

    private static final long MB = 1024 * 1024;

    @Test
    void upTo50MegabytesFitsAndOneByteMoreDoesNot() {
        assertTrue(FileAnswers.fitsTelegram(1));
        assertTrue(FileAnswers.fitsTelegram(50 * MB));
        assertFalse(FileAnswers.fitsTelegram(50 * MB + 1));
    }

    @Test
    void tooLargeNamesTheSizeRoundedUpAndTheLimit() {
        assertEquals("'big.bin' is 50.1 MB; Telegram lets a bot send files up to 50 MB.", FileAnswers.tooLarge("big.bin", 50 * MB + 1));
        assertEquals("'logs/all.log' is 60.0 MB; Telegram lets a bot send files up to 50 MB.", FileAnswers.tooLarge("logs/all.log", 60 * MB));
    }

    @Test
    void aFolderIsListedSortedWithFoldersMarked() {
        assertEquals("README.md\nsrc/\nuploads/", FileAnswers.listing(".", List.of("uploads/", "README.md", "src/")));
        assertEquals("The folder 'src' is empty.", FileAnswers.listing("src", List.of()));
    }

    @Test
    void aNameWithANewlineStaysOnItsLine() {
        assertEquals("a?b", FileAnswers.listing(".", List.of("a\nb")));
    }

    @Test
    void aHugeFolderIsListedUpToTheBoundWithACountOfTheRest() {
        List<String> names = IntStream.range(0, 1005).mapToObj(i -> String.format("f%04d", i)).collect(Collectors.toList());
        String listing = FileAnswers.listing(".", names);
        assertEquals(1001, listing.lines().count());
        assertTrue(listing.endsWith("f0999\n… and 5 more"), listing.substring(listing.length() - 30));
    }
}
