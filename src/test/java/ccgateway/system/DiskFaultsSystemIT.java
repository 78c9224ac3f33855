package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Metadata;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Disk faults on the packaged gateway (issue 7): a full and a read-only data dir (a small tmpfs,
 * mounted by the test: needs root and a working {@code mount}, else skipped with the reason), and
 * kill -9 in the middle of metadata writes, again and again: no file is ever partial or empty.
 */
class DiskFaultsSystemIT {

    static final long USER = 1001;
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("disk");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Path root = system.root();
    final Path dataDir = system.dataDir();
    boolean mounted;
    final Updates updates = new Updates(3_000_000);

    @AfterEach
    void unmount() {
        if (mounted) {
            gateway.close(); // before the tmpfs goes; the fixture then ends the rest and deletes the folder
            run("umount", "-l", dataDir.toString());
        }
    }

    static boolean run(String... command) {
        return runForOutput(command) == null;
    }

    /** @return null when the command succeeded, else what it said (or why it could not run) */
    static String runForOutput(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int code = p.waitFor();
            return code == 0 ? null : "exit " + code + ": " + output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /**
     * Skips the test, saying so, where no tmpfs can be mounted (not root, no CAP_SYS_ADMIN in a
     * container, no mount binary): without a really full or read-only disk it would prove nothing.
     */
    void mountSmallTmpfs() {
        String failure = runForOutput("mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", dataDir.toString());
        mounted = failure == null;
        if (!mounted) {
            // also on the console: a skipped disk test must be visible in the build output, not only in the reports
            System.out.println("SKIPPED (no tmpfs): disk-full and read-only data dir not tested: mount " + failure);
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root and mount): disk-full and read-only not tested; mount " + failure);
    }

    int post(String update) {
        return gateway.webhook().post(update);
    }

    /** As Telegram does: the same update again until it is accepted; every answer on the way is recorded. */
    void deliver(String update, List<Integer> statuses, Runnable betweenRetries) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int status = post(update);
            statuses.add(status);
            if (status == 200) {
                return;
            }
            betweenRetries.run();
        }
        throw new AssertionError("update never accepted: " + statuses);
    }

    void assertMetadataComplete(String session) {
        Path file = Metadata.file(dataDir, session);
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            JsonObject json = reader.readObject();
            assertEquals(session, json.getString("name"));
            assertTrue(json.containsKey("lastActive") && json.containsKey("status") && json.containsKey("costUsd"), json.toString());
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("session.json of " + session + " is not a complete session: " + e, e);
        }
    }

    /** Claude's answers in the chat, in order. Messages sent while Claude works come back in one answer. */
    String echoes(long chat) {
        return telegram.messages(chat).stream().filter(m -> m.startsWith("echo: ")).collect(Collectors.joining("\n"));
    }

    /**
     * Every text answered once, in order. A text is looked for anywhere in Claude's answers, not as
     * "echo: " + text: texts that arrive while a turn runs are sent on together as one follow-up
     * turn (SPEC §5) and answered as "echo: m4\n\nm5". Looking for "echo: m5" would miss m5 and m6,
     * which are answered inside m4's follow-up turn.
     */
    void assertAnsweredOnceInOrder(long chat, List<String> texts) {
        Await.until(() -> texts.stream().allMatch(echoes(chat)::contains), WAIT,
                () -> "unanswered; got " + telegram.messages(chat));
        String all = echoes(chat);
        int last = -1;
        for (String t : texts) {
            int at = all.indexOf(t);
            assertEquals(at, all.lastIndexOf(t), t + " answered twice");
            assertTrue(at > last, t + " out of order: " + all);
            last = at;
        }
    }

    /**
     * A message accepted with room to spare is answered even when the disk fills while Claude works
     * on it; then, while the disk is full, every update is refused (503, Telegram retries) until
     * space is freed, and each is answered once, in order. Nothing is acknowledged that cannot be kept.
     */
    @Test
    void fullDiskRefusesUpdatesUntilThereIsSpaceAndLosesNothing() throws IOException {
        mountSmallTmpfs();
        gateway.start();
        long chat = 9101;
        assertEquals(200, post(updates.text(USER, chat, "/new full")));
        telegram.awaitMessage(chat, m -> m.contains("Created session 'full'"), WAIT);
        List<String> texts = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        Path go = root.resolve("go");
        texts.add("m0 accepted before the disk filled");
        assertEquals(200, post(updates.text(USER, chat, texts.get(0) + " #wait-for=" + go)));
        Await.until(() -> claude.events().stream().anyMatch(e -> "waiting".equals(e.getString("event"))), WAIT,
                () -> "Claude never started on m0");
        Path filler = fill(dataDir.resolve("filler"));
        Files.createFile(go); // Claude answers m0 now, on a full disk
        assertAnsweredOnceInOrder(chat, texts);
        Await.until(() -> gateway.log().contains("No space left on device"), WAIT,
                () -> "m0's metadata write at the end of its turn did not fail: the disk was not full");
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("503") && ready.contains("is full"), "readiness while full: " + ready);

        for (int i = 1; i <= 3; i++) {
            String text = "m" + i + " sent while the disk is full";
            texts.add(text);
            List<Integer> mine = new ArrayList<>();
            Path full = filler;
            // Telegram retries a refused update; after the third refusal the operator frees space
            deliver(updates.text(USER, chat, text), mine, () -> {
                if (mine.size() == 3) {
                    delete(full);
                }
            });
            assertEquals(List.of(503, 503, 503, 200), mine, text);
            statuses.addAll(mine);
            assertMetadataComplete("full");
            filler = fill(dataDir.resolve("filler")); // full again while that message is handled
        }
        assertAnsweredOnceInOrder(chat, texts);
        assertMetadataComplete("full");
        delete(filler);
        System.out.println("Disk full: webhook answers " + statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        assertNoPartialFiles();
    }

    static Path fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException expected) {
            // No space left on device: exactly what we wanted
        }
        return filler;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readOnlyDataDirIsReportedAndUpdatesWaitForIt() {
        mountSmallTmpfs();
        long chat = 9201;
        gateway.start();
        assertEquals(200, post(updates.text(USER, chat, "/new ro")));
        telegram.awaitMessage(chat, m -> m.contains("Created session 'ro'"), WAIT);
        gateway.stop();
        assertTrue(run("mount", "-o", "remount,ro", dataDir.toString()), "remount read-only failed");

        gateway.start();
        String ready = Webhook.get(gateway.url() + "/health/ready");
        assertTrue(ready.startsWith("503") && ready.contains("not writable"), "readiness: " + ready);
        assertTrue(Webhook.get(gateway.url() + "/health/live").startsWith("200"));
        String update = updates.text(USER, chat, "while read-only");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(post(update));
        }
        assertEquals(List.of(503, 503, 503), statuses, "updates accepted that could not be recorded");
        gateway.stop();

        assertTrue(run("mount", "-o", "remount,rw", dataDir.toString()), "remount read-write failed");
        gateway.start();
        deliver(update, statuses, () -> { });
        assertAnsweredOnceInOrder(chat, List.of("while read-only"));
        assertMetadataComplete("ro");
        System.out.println("Read-only: webhook answers " + statuses + "; readiness said: " + ready);
    }

    @Test
    void killedInTheMiddleOfMetadataWritesLeavesNoPartialOrEmptyFile() throws Exception {
        gateway.env("GATEWAY_IDLE_TIMEOUT_SECONDS", "2").start();
        List<String> names = List.of("k1", "k2", "k3", "k4");
        for (int i = 0; i < names.size(); i++) {
            assertEquals(200, post(updates.text(USER, 9300 + i, "/new " + names.get(i))));
        }
        for (int i = 0; i < names.size(); i++) {
            telegram.awaitMessage(9300 + i, m -> m.contains("Created session"), WAIT);
        }
        Random random = new Random(3);
        int rounds = 4;
        int posted = 0;
        for (int round = 0; round < rounds; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sent = new AtomicInteger();
            Thread writer = new Thread(() -> {
                // each of these rewrites a session.json or active-sessions.json, many per second
                String[] texts = {"/timeout 7", "/timeout 9", "hello #slow=0.2", "/switch k1", "/model m1", "/model default"};
                int n = 0;
                while (!stop.get()) {
                    try {
                        int chat = 9300 + n % 4;
                        post(updates.text(USER, chat, texts[n % texts.length]));
                        sent.incrementAndGet();
                    } catch (AssertionError gone) {
                        return;
                    }
                    n++;
                }
            });
            writer.start();
            Await.until(() -> sent.get() >= 40, WAIT, () -> "posting stalled");
            long killAfter = 100 + random.nextInt(900);
            Thread.sleep(killAfter); // the kill lands at a random moment of the write storm, not a synchronisation
            gateway.kill();
            stop.set(true);
            writer.join(10_000);
            posted += sent.get();
            assertNoPartialFiles();
            names.forEach(this::assertMetadataComplete);
            gateway.start();
        }
        for (int i = 0; i < names.size(); i++) {
            long chat = 9300 + i;
            String name = names.get(i);
            String text = "after the storm " + i;
            assertEquals(200, post(updates.text(USER, chat, "/switch " + name)));
            telegram.awaitMessage(chat, m -> m.contains("Switched to session '" + name + "'"), WAIT);
            assertEquals(200, post(updates.text(USER, chat, text)));
            telegram.awaitMessage(chat, m -> m.contains("echo: " + text), WAIT);
        }
        assertNoPartialFiles();
        System.out.println("kill -9 during writes: " + rounds + " kills, " + posted + " updates posted, every file complete");
    }

    /** Every file the gateway keeps is complete: JSON parses, nothing is empty, no temp file is left after a start. */
    void assertNoPartialFiles() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = file.getFileName().toString();
                if (name.equals("filler") || file.startsWith(dataDir.resolve("personas"))) {
                    continue;
                }
                if (name.endsWith(".mv.db")) {
                    continue; // the embedded database's own file, binary: what it holds is checked by behaviour
                }
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (name.endsWith(".tmp")) {
                    continue; // a crash's temp file is never read; the next start removes it (checked below)
                }
                assertTrue(!content.isEmpty(), file + " is empty");
                if (name.endsWith(".json")) {
                    try (JsonReader reader = Json.createReader(new StringReader(content))) {
                        reader.readObject();
                    } catch (RuntimeException e) {
                        throw new AssertionError(file + " is partial: " + content, e);
                    }
                }
                if (name.endsWith(".journal")) {
                    // the inbox journal: whole JSON lines; only the last may be cut (never acknowledged, cut at the next open)
                    String[] lines = content.split("\n");
                    for (int i = 0; i < lines.length - 1; i++) {
                        try (JsonReader reader = Json.createReader(new StringReader(lines[i]))) {
                            reader.readObject();
                        } catch (RuntimeException e) {
                            throw new AssertionError(file + " line " + i + " is partial: " + lines[i], e);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
