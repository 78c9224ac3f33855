package ccgateway.testing;

import java.nio.file.Path;

/** Where the test doubles that run as real processes live. */
public final class Stubs {

    private Stubs() {
    }

    public static Path claude() {
        return Path.of(System.getProperty("it.claude", "src/test/stub/claude")).toAbsolutePath();
    }
}
