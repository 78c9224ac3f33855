package ccgateway.testing;

import ccgateway.supervision.control.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a system test drives: the packaged gateway (not started yet) on a private data dir, Telegram
 * played by a {@link BotApiStub}, and a claude whose log and history are this fixture's own.
 * Everything lives in one temp folder: {@code data/}, {@code claude.log}, {@code history/}.
 * <p>
 * Registered with {@code @RegisterExtension}: as an instance field it serves one test, as a static
 * field one class. Closing kills the gateway and every process it started on this data dir, stops
 * the stub and deletes the folder.
 */
public final class SystemGateway implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

    private final Path root;
    private final Path dataDir;
    private final BotApiStub telegram;
    private final StubLog claude;
    private final GatewayProcess gateway;
    private boolean servesClass;
    private boolean closed;

    private SystemGateway(String name, Path claudeCommand) {
        try {
            root = Files.createTempDirectory(name + "-");
            dataDir = Files.createDirectories(root.resolve("data"));
            telegram = new BotApiStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        claude = new StubLog(root.resolve("claude.log"));
        gateway = new GatewayProcess(name, telegram, dataDir).env("CLAUDE_COMMAND", claudeCommand.toString());
    }

    /** With the stub claude ({@code src/test/stub/claude}), which records what it saw in {@link #claude()}. */
    public static SystemGateway withStubClaude(String name) {
        SystemGateway system = new SystemGateway(name, Stubs.claude());
        system.gateway.env("STUB_CLAUDE_LOG", system.claude.file().toString())
                .env("STUB_CLAUDE_HISTORY_DIR", system.root.resolve("history").toString());
        return system;
    }

    /** With another claude executable, such as the real CLI; {@link #claude()} then stays empty. */
    public static SystemGateway withClaude(String name, Path command) {
        return new SystemGateway(name, command);
    }

    public GatewayProcess gateway() {
        return gateway;
    }

    public BotApiStub telegram() {
        return telegram;
    }

    public StubLog claude() {
        return claude;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The folder that holds the data dir and the stub claude's files; a test may put its own files here. */
    public Path root() {
        return root;
    }

    /** Only called when registered on a static field: then the fixture lives until the class is done. */
    @Override
    public void beforeAll(ExtensionContext context) {
        servesClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (servesClass) {
            return;
        }
        close();
        if (context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD) == TestInstance.Lifecycle.PER_CLASS) {
            // the next test would meet a gateway that is gone: say why instead
            throw new IllegalStateException("a SystemGateway shared by a PER_CLASS test class belongs on a static field");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        gateway.close();
        telegram.close();
        // whatever a failed test left: the processes of this data dir only (found by their marker)
        ProcessTree.marked(ProcessTree.Marker.anySession(dataDir.toString())).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is not worth a failed test
        }
    }
}
