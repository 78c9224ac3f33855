package ccgateway.supervision.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.sessions.entity.Session;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeLaunchTest {

    static final ProcessTree.Marker MARKER = new ProcessTree.Marker("/data", "work");
    static final Session NEW = Session.create("work", "default", "", 600, 1, Instant.EPOCH);

    @Test
    void freshLaunchHasExactlyTheSpecArgv() {
        ClaudeLaunch launch = ClaudeLaunch.of("claude", List.of(), NEW, "Be brief.", Path.of("/data/sessions/work"), MARKER, false);
        assertEquals(List.of("claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
                "--permission-prompt-tool", "stdio", "--include-partial-messages", "--append-system-prompt", "Be brief."), launch.argv());
    }

    @Test
    void resumeCarriesModelHistoryAndExtraArgsEachAsOneArgument() {
        Session session = NEW.withModel("opus").withHistory("id-1");
        ClaudeLaunch launch = ClaudeLaunch.of("/opt/claude", List.of("--permission-mode", "acceptEdits"), session,
                "two words; rm -rf / $(x)", Path.of("/d"), MARKER, true);
        assertEquals(List.of("/opt/claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
                "--permission-prompt-tool", "stdio", "--include-partial-messages", "--model=opus", "--append-system-prompt", "two words; rm -rf / $(x)",
                "--resume=id-1", "--permission-mode", "acceptEdits"), launch.argv());
    }

    @Test
    void permissionModeOfTheSessionIsPassedUnlessDefault() {
        ClaudeLaunch plan = ClaudeLaunch.of("claude", List.of(), NEW.withPermissionMode("plan"), "", Path.of("/d"), MARKER, false);
        assertEquals(List.of("claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
                "--permission-prompt-tool", "stdio", "--permission-mode", "plan", "--include-partial-messages"), plan.argv());
        ClaudeLaunch planted = ClaudeLaunch.of("claude", List.of(), NEW.withPermissionMode("--dangerously-skip-permissions"), "",
                Path.of("/d"), MARKER, false);
        assertFalse(planted.argv().stream().anyMatch(a -> a.contains("dangerously")), "an unknown mode is never passed");
    }

    @Test
    void childEnvironmentCarriesTheMarkerButNotTheGatewaySecrets() {
        // the builder copies the gateway's environment (surefire sets both secrets in it); processBuilder() removes them
        assertEquals("123456:TEST-token-never-real", System.getenv("TELEGRAM_BOT_TOKEN"), "precondition: the secret is set here");
        ProcessBuilder fresh = ClaudeLaunch.of("claude", List.of(), NEW, "", Path.of("/d"), MARKER, false).processBuilder();
        assertFalse(fresh.environment().containsKey("TELEGRAM_BOT_TOKEN"));
        assertFalse(fresh.environment().containsKey("TELEGRAM_WEBHOOK_SECRET"));
        assertEquals("work", fresh.environment().get("CCGATEWAY_SESSION"));
        assertEquals("/data", fresh.environment().get("CCGATEWAY_HOME"));
    }

    @Test
    void everySpellingMicroProfileConfigMapsToASecretIsWithheld() {
        for (String name : List.of("TELEGRAM_BOT_TOKEN", "telegram.bot-token", "telegram_bot_token", "TELEGRAM_BOT-TOKEN",
                "Telegram.Bot.Token", "TELEGRAM_BOT_TOKEN_FILE", "telegram.bot-token-file", "TELEGRAM_WEBHOOK_SECRET",
                "telegram.webhook-secret", "TELEGRAM_WEBHOOK_SECRET_FILE", "telegram.webhook-secret-file",
                "_PROD_TELEGRAM_BOT_TOKEN", "%prod.telegram.bot-token", "GATEWAY_DATABASE_PASSWORD")) {
            assertTrue(ClaudeLaunch.withheld(name), name);
        }
        for (String name : List.of("TELEGRAM_API_URL", "TELEGRAM_ALLOWED_USERS", "PATH", "HOME", "MY_TELEGRAM_BOT_TOKEN",
                "TELEGRAM_BOT_TOKENS", "CLAUDE_COMMAND")) {
            assertFalse(ClaudeLaunch.withheld(name), name);
        }
    }

    @Test
    void jvmOptionsThatCarryASecretAreWithheldAndOthersPassedOn() {
        assertTrue(ClaudeLaunch.withheld("JAVA_TOOL_OPTIONS", "-Xmx1g -Dtelegram.bot-token=123:abc"));
        assertTrue(ClaudeLaunch.withheld("JDK_JAVA_OPTIONS", "-Dtelegram.webhook-secret-file=/run/secret"));
        assertTrue(ClaudeLaunch.withheld("_JAVA_OPTIONS", "-D%prod.telegram.bot-token=123:abc"));
        assertFalse(ClaudeLaunch.withheld("JAVA_TOOL_OPTIONS", "-Dhttps.proxyHost=proxy -Xmx1g"), "a project's own JVM options stay");
        assertFalse(ClaudeLaunch.withheld("MAVEN_OPTS", "-Dtelegram.bot-token=123:abc"), "only what every JVM reads by itself");
    }

    @Test
    void sessionIdsOfTheCliAreUsableHistory() {
        assertTrue(ClaudeLaunch.usableHistory("0f5b6f0e-2c1d-4c9a-9d7e-2b7c0e3f4a11"));
        assertTrue(ClaudeLaunch.usableHistory("id-1"));
        assertTrue(ClaudeLaunch.usableHistory("a".repeat(128)));
    }

    @Test
    void anythingElseIsNoUsableHistory() {
        for (String id : new String[] {null, "", "--dangerously-skip-permissions", "-x", "id with space", "id\n--flag", "../../etc",
                "id=--x", "a".repeat(129), "ïd"}) {
            assertFalse(ClaudeLaunch.usableHistory(id), String.valueOf(id));
        }
    }

    @Test
    void aPlantedFlagIdIsNeverPassedEvenWhenAskedToResume() {
        Session planted = NEW.withHistory("--dangerously-skip-permissions");
        ClaudeLaunch launch = ClaudeLaunch.of("/opt/claude", List.of(), planted, "", Path.of("/d"), MARKER, true);
        assertFalse(launch.argv().stream().anyMatch(a -> a.contains("dangerously") || a.startsWith("--resume")), launch.argv().toString());
    }
}
