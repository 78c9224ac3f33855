package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.system.Outcomes.Chat;
import ccgateway.system.Outcomes.Sent;
import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC §12 "Nothing acknowledged is lost", on the packaged gateway: a message answered 200 is
 * answered after a kill -9 or a graceful stop and restart, once, in order per chat; a message
 * claude was already working on is never written again, and its chat is told so. Every message
 * starts with a marker of its own and is longer than the 60 characters the notice quotes.
 */
class InboxSystemIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** After the last restart: resuming three sessions and their follow-up turns takes seconds, not minutes. */
    static final Duration SETTLE = Duration.ofSeconds(90);
    static final long GROUP = -4601;
    static final int CYCLES = 5;
    static final String PADDING = "is one message of the inbox test, long enough to be quoted";

    @RegisterExtension
    final SystemGateway system = SystemGateway.withStubClaude("inbox");
    final GatewayProcess gateway = system.gateway();
    final BotApiStub telegram = system.telegram();
    final StubLog claude = system.claude();
    final Outcomes outcomes = new Outcomes(telegram, claude);
    final Updates updates = new Updates(40_000);

    final Chat alice = new Chat("Alice's private chat", 1001, 1001, "alice");
    final Chat bob = new Chat("Bob's private chat", 1002, 1002, "bob");
    final Chat team = new Chat("the team group (Alice)", GROUP, 1001, "team");

    Sent message(Chat chat, String marker, String directive) {
        String text = marker + " " + PADDING + (directive == null ? "" : " " + directive);
        String update = chat.isGroup() ? updates.groupText(chat.user(), chat.id(), text) : updates.text(chat.user(), chat.id(), text);
        return new Sent(chat, marker, text, update);
    }

    Sent send(Chat chat, String marker, String directive) {
        Sent m = message(chat, marker, directive);
        assertEquals(200, gateway.webhook().post(m.update()), () -> chat + ": '" + m.shortText() + "' was not accepted");
        return m;
    }

    void command(Chat chat, String text) {
        String update = chat.isGroup() ? updates.groupText(chat.user(), chat.id(), text) : updates.text(chat.user(), chat.id(), text);
        assertEquals(200, gateway.webhook().post(update), () -> chat + ": " + text + " was not accepted");
    }

    /** A session with a history (one turn answered), as a person has it after the first exchange. */
    void open(Chat chat) {
        command(chat, "/new " + chat.session());
        telegram.awaitMessage(chat.id(), m -> m.contains("Created session '" + chat.session() + "'"), WAIT);
        command(chat, "hello " + chat.session());
        telegram.awaitMessage(chat.id(), m -> m.contains("echo: hello " + chat.session()), WAIT);
    }

    void awaitRead(Sent m) {
        Await.until(() -> outcomes.reads(m) > 0, WAIT, () -> "claude never got '" + m.shortText() + "'; " + outcomes.story(m.chat()));
    }

    /** Waits until every message is answered or announced, then checks that each had exactly one of the two. */
    void assertEachAnsweredOnceOrAnnounced(String run, List<Sent> accepted, List<Chat> chats) {
        Await.until(() -> outcomes.settled(accepted), SETTLE, () -> report(run, accepted, chats));
        List<String> problems = outcomes.problems(accepted);
        assertTrue(problems.isEmpty(), () -> report(run, accepted, chats));
    }

    String report(String run, List<Sent> accepted, List<Chat> chats) {
        return run + ": of " + accepted.size() + " accepted messages, a person would see this go wrong:\n  "
                + String.join("\n  ", outcomes.problems(accepted)) + "\nwhat happened:\n  "
                + chats.stream().map(outcomes::story).collect(Collectors.joining("\n  "));
    }

    /**
     * Three sessions in two private chats and a group, a stream of messages (a quarter of them slow
     * turns, so others wait behind them), and kill -9 at a random moment, {@value #CYCLES} times. As
     * Telegram does, an update the gateway gave no 200 for is delivered again after the restart.
     */
    @Test
    void killedAgainAndAgainEveryAcceptedMessageIsAnsweredOnceInOrderOrAnnounced() {
        long seed = Long.getLong("inbox.seed", new Random().nextLong());
        System.out.println("InboxSystemIT kill -9 storm: seed " + seed + " (repeat with -Dinbox.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Chat> chats = List.of(alice, bob, team);
        gateway.env("TELEGRAM_ALLOWED_CHATS", String.valueOf(GROUP)).start();
        chats.forEach(this::open);
        List<Sent> accepted = new ArrayList<>();
        List<Sent> unacknowledged = new ArrayList<>();
        int[] sent = new int[chats.size()];
        int redelivered = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            redelivered += redeliver(unacknowledged, accepted);
            // from the moments right after a start (messages of the last run still being delivered) to well into a stream
            long killAfter = 300 + random.nextInt(3700);
            CompletableFuture<Void> kill = CompletableFuture.runAsync(gateway::kill,
                    CompletableFuture.delayedExecutor(killAfter, TimeUnit.MILLISECONDS));
            while (!kill.isDone()) {
                int c = random.nextInt(chats.size());
                String directive = random.nextInt(4) == 0 ? "#slow=" + (1 + random.nextInt(3)) : null;
                Sent m = message(chats.get(c), String.format("k%d-%d-%03d", cycle, c, sent[c]++), directive);
                if (gateway.webhook().attempt(m.update()) != 200) {
                    unacknowledged.add(m); // Telegram keeps it and the chat's later updates until it is taken
                    break;
                }
                accepted.add(m);
                pace(kill, 30 + random.nextInt(250));
            }
            kill.join();
            System.out.println("InboxSystemIT kill -9 storm: cycle " + cycle + " killed after " + killAfter + " ms, "
                    + accepted.size() + " accepted so far");
            gateway.start();
        }
        redelivered += redeliver(unacknowledged, accepted);
        String run = "seed " + seed + ", " + CYCLES + " kills, " + redelivered + " updates delivered again";
        Await.until(() -> outcomes.settled(accepted), SETTLE, () -> report(run, accepted, chats));
        // whatever the gateway still had for a chat comes before an answer to its next message
        for (Chat chat : chats) {
            accepted.add(send(chat, "end-" + chat.session(), null));
        }
        assertEachAnsweredOnceOrAnnounced(run, accepted, chats);
        long announced = accepted.stream().filter(m -> outcomes.told(m) > 0).count();
        System.out.println("InboxSystemIT kill -9 storm: " + CYCLES + " kills, " + accepted.size() + " messages accepted, "
                + (accepted.size() - announced) + " answered, " + announced + " announced as interrupted, "
                + redelivered + " delivered again after a restart");
    }

    /** Posts each until it is taken, as Telegram retries an update that got no 200. */
    int redeliver(List<Sent> unacknowledged, List<Sent> accepted) {
        int count = unacknowledged.size();
        for (Sent m : unacknowledged) {
            Await.until(() -> gateway.webhook().attempt(m.update()) == 200, WAIT, () -> m.chat() + ": '" + m.shortText() + "' never accepted");
            accepted.add(m);
        }
        unacknowledged.clear();
        return count;
    }

    /** The gap between two updates, cut short by the kill: the stream goes on until the gateway is gone. */
    static void pace(CompletableFuture<Void> kill, long millis) {
        try {
            kill.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // the next update
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("kill -9 failed", e.getCause());
        }
    }

    /**
     * SIGTERM while Claude works on one message and three more wait for it: the waiting ones are
     * answered after the restart, once, in order; the interrupted one is announced, not run again.
     */
    @Test
    void aGracefulStopKeepsTheWaitingMessagesAndAnnouncesTheInterruptedTurn() {
        gateway.start();
        open(alice);
        Sent running = send(alice, "b-running", "#slow=60");
        awaitRead(running);
        List<Sent> waiting = List.of(send(alice, "b-waiting-1", null), send(alice, "b-waiting-2", null), send(alice, "b-waiting-3", null));
        gateway.stop();
        gateway.start();

        List<Sent> accepted = new ArrayList<>(List.of(running));
        accepted.addAll(waiting);
        assertEachAnsweredOnceOrAnnounced("graceful stop", accepted, List.of(alice));
        assertEquals(1, outcomes.told(running), () -> "the interrupted turn was not announced: " + outcomes.story(alice));
        waiting.forEach(m -> assertEquals(1, outcomes.answered(m), () -> "'" + m.shortText() + "' not answered once: " + outcomes.story(alice)));
        assertEquals(1, outcomes.reads(running), () -> "claude read the interrupted message again: " + outcomes.turns("alice"));
    }

    /**
     * kill -9 while a tool of the turn runs (allowed from the chat, with a side effect): after the
     * restart the chat is told, the turn is never written to claude again, its side effect happened
     * once, its process is gone, and the next message is answered.
     */
    @Test
    void killedWhileAToolRunsTheTurnIsAnnouncedAndNeverRunAgain() throws IOException {
        Path sideEffects = system.root().resolve("side-effects");
        gateway.start();
        open(alice);
        Sent running = send(alice, "c-tool", "#bash=echo ran >> " + sideEffects + " && sleep 60");
        BotApiStub.Shown prompt = telegram.awaitPrompt(alice.id(), "sleep 60", WAIT);
        assertEquals(200, gateway.webhook().post(updates.callback(alice.id(), alice.user(), prompt.messageId(), prompt.callbackData("Allow"))));
        Await.until(() -> lines(sideEffects) == 1, WAIT, () -> "the allowed tool never ran; " + outcomes.story(alice));
        List<Long> tools = claude.events().stream().filter(e -> "tool".equals(e.getString("event")))
                .map(e -> e.getJsonNumber("pid").longValue()).collect(Collectors.toList());
        gateway.kill();
        gateway.start();

        Await.until(() -> outcomes.told(running) > 0, WAIT, () -> "no restart notice for the turn that was running; " + outcomes.story(alice));
        Sent next = send(alice, "c-next", null);
        Await.until(() -> outcomes.answered(next) > 0, WAIT, () -> "the next message was not answered; " + outcomes.story(alice));
        assertEachAnsweredOnceOrAnnounced("kill -9 during a tool", List.of(running, next), List.of(alice));
        assertEquals(1, outcomes.reads(running), () -> "claude read the interrupted message again: " + outcomes.turns("alice"));
        assertEquals(1, lines(sideEffects), "the tool's side effect happened again");
        assertEquals(List.of(), tools.stream().filter(StubLog::isAlive).collect(Collectors.toList()), "the killed turn's tool still runs");
    }

    /** Telegram repeats an update whose 200 it did not get: ignored, also when the gateway was killed since. */
    @Test
    void aRepeatedUpdateIsAcknowledgedAndIgnoredAlsoAfterAKill() {
        gateway.start();
        open(alice);
        Sent once = send(alice, "r-once", null);
        Await.until(() -> outcomes.answered(once) > 0, WAIT, () -> "not answered; " + outcomes.story(alice));
        assertEquals(200, gateway.webhook().post(once.update()), "a repetition before the kill was refused");
        gateway.kill();
        gateway.start();
        assertEquals(200, gateway.webhook().post(once.update()), "a repetition after the kill was refused");
        Sent next = send(alice, "r-next", null);
        Await.until(() -> outcomes.answered(next) > 0, WAIT, () -> "the next message was not answered; " + outcomes.story(alice));
        assertEachAnsweredOnceOrAnnounced("repetitions", List.of(once, next), List.of(alice));
    }

    /**
     * Claude finished the turn, but Telegram refused its answer (429, retry after 30 s) and the
     * gateway is killed while it waits to send it again: after the restart the chat gets the answer
     * or, at the least, the notice; never silence. (Beyond §12's words, which speak of turns that did
     * not finish: for the person it is the same loss.)
     */
    @Test
    void anAnswerStillWaitingForTelegramWhenTheGatewayIsKilledIsNotLostWithoutAWord() {
        gateway.start();
        open(alice);
        telegram.rateLimitNext("sendMessage", 30);
        Sent m = send(alice, "o-answer", null);
        Await.until(() -> telegram.faulted("sendMessage").stream().anyMatch(c -> String.valueOf(c.text()).contains(m.marker())), WAIT,
                () -> "the answer never went to Telegram; " + outcomes.story(alice));
        gateway.kill();
        gateway.start();
        assertEachAnsweredOnceOrAnnounced("answer refused by Telegram (429), then kill -9", List.of(m), List.of(alice));
    }

    static long lines(Path file) {
        try (Stream<String> lines = Files.exists(file) ? Files.lines(file) : Stream.empty()) {
            return lines.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
