package ccgateway.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without server binaries the PostgreSQL tests are skipped and say why; they never fail. */
class PostgresBinariesTest {

    @Test
    void folderWithoutServerIsNotFoundAndTheReasonNamesIt(@TempDir Path empty) {
        String before = System.getProperty(PostgresBinaries.PROPERTY);
        System.setProperty(PostgresBinaries.PROPERTY, empty.toString());
        try {
            assertFalse(PostgresBinaries.find().isPresent());
            String reason = PostgresBinaries.missing();
            assertTrue(reason.startsWith("PostgreSQL tests SKIPPED: no PostgreSQL server binaries"), reason);
            assertTrue(reason.contains(PostgresBinaries.PROPERTY + "=" + empty), reason);
            assertTrue(reason.contains("Debian package postgresql"), reason);
        } finally {
            if (before == null) {
                System.clearProperty(PostgresBinaries.PROPERTY);
            } else {
                System.setProperty(PostgresBinaries.PROPERTY, before);
            }
        }
    }
}
