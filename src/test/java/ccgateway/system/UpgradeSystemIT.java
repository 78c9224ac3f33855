package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A data dir of the version before the database (SPEC §12: "imported at the first start, nothing
 * lost"): its files written here exactly as that version wrote them ({@code state/update-ids} one id
 * a line, {@code state/active-sessions.json} keyed {@code chat:user}, {@code state/polling-offset} the
 * next offset to ask for, {@code session.json} beside each session). Telegram's repetitions of the
 * ids it had taken are still ignored, also after a second start, and each chat keeps its session.
 */
class UpgradeSystemIT {

    static final long USER = 1001;
    static final long CHAT = 9801;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The ids that version took, and the offset it would have asked for next. */
    static final List<Long> OLD_IDS = LongStream.rangeClosed(7001, 7010).boxed().collect(Collectors.toList());
    static final long NEXT = 7011;
    static final String HISTORY = "4f2c8a1e-3b7d-4c9a-9e21-6d5f0b8a7c13";

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("upgrade");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Path dataDir = system.dataDir();

    /** Two sessions of one person; the chat's active one is 'legacy', the other was used more recently. */
    void previousVersionsDataDir() throws IOException {
        Files.createDirectories(dataDir.resolve("personas"));
        Files.writeString(dataDir.resolve("personas/default.md"), "You are Claude Code, working for a person on Telegram.\n");
        session("legacy", HISTORY, "2026-12-01T09:00:00Z");
        session("other", null, "2026-12-01T10:00:00Z");
        Path history = Files.createDirectories(system.root().resolve("history"));
        Files.writeString(history.resolve(HISTORY + ".jsonl"), "{\"user\": \"earlier\", \"assistant\": \"echo: earlier\"}\n");
        Path state = Files.createDirectories(dataDir.resolve("state"));
        Files.writeString(state.resolve("update-ids"), OLD_IDS.stream().map(id -> id + "\n").collect(Collectors.joining()));
        Files.writeString(state.resolve("active-sessions.json"), "{\"" + CHAT + ":" + USER + "\":\"legacy\"}");
        Files.writeString(state.resolve("polling-offset"), String.valueOf(NEXT));
    }

    void session(String name, String claudeSessionId, String lastActive) throws IOException {
        Path meta = Files.createDirectories(dataDir.resolve("sessions").resolve(name).resolve(".ccgateway"));
        Files.writeString(meta.resolve("session.json"), "{\"name\":\"" + name + "\",\"persona\":\"default\",\"model\":\"\","
                + "\"status\":\"suspended\",\"idleTimeoutSeconds\":600,\"created\":\"2026-11-30T08:00:00Z\",\"lastActive\":\"" + lastActive + "\","
                + "\"chatId\":" + CHAT + ",\"costUsd\":0.001,\"owner\":" + USER + ",\"permissionMode\":\"default\",\"pid\":null,"
                + "\"pidStartTime\":null,\"claudeSessionId\":" + (claudeSessionId == null ? "null" : "\"" + claudeSessionId + "\"") + "}");
    }

    void post(long updateId, String text) {
        assertEquals(200, gateway.webhook().post(Updates.text(updateId, USER, CHAT, text)), "update " + updateId + " refused");
    }

    String await(String fragment) {
        return telegram.awaitMessage(CHAT, m -> m.contains(fragment), WAIT);
    }

    /** What claude was given in this chat's sessions, all of it. */
    String claudeRead() {
        return String.join("\n", claude.stdin("legacy")) + String.join("\n", claude.stdin("other"));
    }

    @Test
    void theUpdateIdsAndActiveSessionsOfThePreviousVersionAreKept() throws IOException {
        previousVersionsDataDir();
        gateway.start();
        // Telegram repeats updates it had delivered to the old version (their 200 was lost)
        post(OLD_IDS.get(0), "old-first was answered by the previous version");
        post(OLD_IDS.get(OLD_IDS.size() - 1), "old-last was answered by the previous version");
        post(NEXT, "new-one after the upgrade");
        await("echo: new-one after the upgrade");
        StubLog.Launch launch = claude.awaitLaunch("legacy", 1, WAIT);
        assertEquals(HISTORY, launch.after("--resume"), "the active session's history was not resumed: " + launch.argv());
        assertEquals(List.of(), claude.launches("other"), "the message went to another session than the chat's active one");

        gateway.stop();
        gateway.start(); // the second start finds what the first one imported
        post(OLD_IDS.get(4), "old-middle was answered by the previous version");
        post(NEXT, "new-one after the upgrade, repeated by Telegram");
        post(NEXT + 1, "new-two after a second start");
        await("echo: new-two after a second start");

        List<String> seen = telegram.messages(CHAT);
        assertTrue(seen.stream().noneMatch(m -> m.contains("old-")), "a repeated update of the previous version was answered: " + seen);
        assertTrue(seen.stream().noneMatch(m -> m.contains("repeated by Telegram")), "a repeated update was answered: " + seen);
        assertTrue(!claudeRead().contains("old-") && !claudeRead().contains("repeated by Telegram"),
                "claude got a repeated update: " + claudeRead());
        assertEquals(1, seen.stream().filter(m -> m.contains("echo: new-one")).count(), "new-one not answered once: " + seen);
    }

    @Test
    void thePollingOffsetOfThePreviousVersionIsWherePollingGoesOn() throws IOException {
        previousVersionsDataDir();
        gateway.env("TELEGRAM_MODE", "polling").start();
        telegram.queueUpdate(Updates.text(NEXT, USER, CHAT, "polled after the upgrade"));
        await("echo: polled after the upgrade");
        BotApiStub.Call first = telegram.calls("getUpdates").get(0);
        assertEquals(String.valueOf(NEXT), first.params().get("offset"), "the first poll after the upgrade: " + first.params());
        assertEquals(HISTORY, claude.awaitLaunch("legacy", 1, WAIT).after("--resume"));
    }
}
