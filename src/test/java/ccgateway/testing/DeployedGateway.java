package ccgateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real WAR on a real Payara Micro (one per test class, configured in arquillian.xml), with
 * Telegram played by a {@link BotApiStub} on the port the server was told, and the stub claude.
 * Test classes share the server's data dir, so update ids and session names are unique per run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedGateway {

    public static final long USER = 1001;
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** Makes session names unique within the shared data dir. */
    public static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
    /** One sequence for all classes of the run: the ledger in the shared data dir remembers ids. */
    public static final Updates UPDATES = new Updates(Instant.now().getEpochSecond() % 1_000_000 * 1000);
    public static final StubLog CLAUDE = StubLog.fromSystemProperty();
    public static final Path DATA = Path.of(System.getProperty("it.data.dir", "target/it-data"));

    protected static BotApiStub telegram;

    @ArquillianResource
    protected URL deployed;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return Deployments.gateway();
    }

    @BeforeAll
    static void startTelegram() throws Exception {
        telegram = new BotApiStub(Integer.getInteger("it.stub.port"));
    }

    @AfterAll
    static void stopTelegram() {
        telegram.close();
    }

    protected String root() {
        return Deployments.root(deployed);
    }

    protected Webhook webhook() {
        return new Webhook(root());
    }

    /** A text message from the allowed user, accepted by the webhook. */
    protected void send(long chat, String text) {
        post(UPDATES.text(USER, chat, text));
    }

    /** A text message from one of the allowed users; a negative chat id is a group. */
    protected void send(long user, long chat, String text) {
        post(chat < 0 ? UPDATES.groupText(user, chat, text) : UPDATES.text(user, chat, text));
    }

    protected void post(String update) {
        assertEquals(200, webhook().post(update));
    }

    /** The first message in the chat that contains the fragment, waiting for it. */
    protected String await(long chat, String fragment) {
        return telegram.awaitMessage(chat, m -> m.contains(fragment), WAIT);
    }

    protected static String name(String base) {
        return base + "-" + RUN;
    }

    /** Creates a session (unique name for this run) and waits until it is active. */
    protected String newSession(long chat, String base) {
        String name = name(base);
        send(chat, "/new " + name);
        await(chat, "Created session '" + name + "'");
        return name;
    }
}
