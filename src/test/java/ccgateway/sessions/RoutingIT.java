package ccgateway.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two people and three chats (SPEC §10): A and B each in their private chat, both in one allowed
 * group. Each sees only their own sessions, and every turn answers the chat whose message started it.
 */
class RoutingIT extends DeployedGateway {

    static final long A = 1001;
    static final long B = 1002;
    /** Listed in arquillian.xml's telegram.allowed-chats. */
    static final long GROUP = -4242;
    static final String BUSY_TEXT = "Claude is still working on your earlier messages; this one was not queued. Use /cancel to stop the turn.";

    /** Private chats of this class: a chat id per test, so tests do not read each other's messages. */
    static long privateChat(long user, int test) {
        return 7_000_000 + test * 10 + (user - 1000);
    }

    String create(long user, long chat, String base) {
        String name = name(base);
        send(user, chat, "/new " + name);
        await(chat, "Created session '" + name + "'");
        return name;
    }

    @Test
    void nobodySeesSwitchesToArchivesOrTakesTheNameOfAnotherPersonsSession() {
        long chatA = privateChat(A, 1);
        long chatB = privateChat(B, 1);
        String mine = create(A, chatA, "owned");
        send(B, chatB, "/sessions");
        String listed = await(chatB, "");
        assertFalse(listed.contains(mine), "B sees A's session: " + listed);
        send(B, chatB, "/switch " + mine);
        await(chatB, "No session named '" + mine + "'. Use /sessions to see them.");
        send(B, chatB, "/archive " + mine);
        Await.until(() -> telegram.messages(chatB).stream().filter(m -> m.startsWith("No session named '" + mine + "'")).count() == 2,
                WAIT, () -> telegram.messages(chatB).toString());
        send(B, chatB, "/new " + mine);
        await(chatB, "The name '" + mine + "' is taken. Choose another.");
        send(B, chatB, "/timeout 7");
        await(chatB, "No active session. Use /new to start one.");
        assertTrue(Files.isDirectory(DATA.resolve("sessions").resolve(mine)), "A's session was moved away");

        send(A, chatA, "/sessions");
        await(chatA, "→ ");
        assertTrue(telegram.messages(chatA).stream().anyMatch(m -> m.contains("→ ") && m.contains(mine)), telegram.messages(chatA).toString());
        send(A, chatA, "/timeout");
        await(chatA, "Idle timeout: 0 minutes");
    }

    @Test
    void inAGroupEachPersonHasTheirOwnActiveSession() {
        String ofA = create(A, GROUP, "group-a");
        send(B, GROUP, "/switch " + ofA);
        await(GROUP, "No session named '" + ofA + "'");
        // B's active session in the group may be one of an earlier run (the data dir is kept): never A's
        send(B, GROUP, "hello from b");
        String ofB = create(B, GROUP, "group-b");
        send(A, GROUP, "ping from a");
        await(GROUP, "echo: ping from a");
        send(B, GROUP, "ping from b");
        await(GROUP, "echo: ping from b");
        assertEquals(List.of("ping from a"), userTexts(CLAUDE.stdin(ofA)));
        assertEquals(List.of("ping from b"), userTexts(CLAUDE.stdin(ofB)));
    }

    @Test
    void everyTurnAnswersTheChatThatAskedAndMessagesOfTwoChatsAreNeverOneTurn() throws InterruptedException {
        long chatA = privateChat(A, 3);
        String shared = create(A, chatA, "routed");
        send(A, GROUP, "/switch " + shared);
        await(GROUP, "Switched to session '" + shared + "'");
        send(A, chatA, "#slow=2 first from private");
        CLAUDE.awaitLaunch(shared, 1, WAIT);
        Await.until(() -> CLAUDE.stdin(shared).size() == 1, WAIT, () -> "first message not written");
        send(A, GROUP, "#tool from the group");
        send(A, chatA, "second from private");
        send(A, GROUP, "more from the group");

        await(chatA, "echo: #slow=2 first from private");
        await(chatA, "echo: second from private");
        await(GROUP, "echo: #tool from the group");
        await(GROUP, "\n\nmore from the group");
        await(GROUP, "🔧 Bash");
        assertTrue(telegram.messages(chatA).stream().noneMatch(m -> m.contains("group") || m.contains("🔧")),
                "the group's turn reached the private chat: " + telegram.messages(chatA));
        assertTrue(telegram.messages(GROUP).stream().noneMatch(m -> m.contains("private")),
                "the private chat's turn reached the group: " + telegram.messages(GROUP));
        List<String> turns = userTexts(CLAUDE.stdin(shared));
        assertEquals(3, turns.size(), "one turn per chat's batch: " + turns);
        assertEquals("#slow=2 first from private", turns.get(0));
        assertEquals("#tool from the group\n\nmore from the group", turns.get(1));
        assertEquals("second from private", turns.get(2));

        assertTrue(typing(chatA) > 0 && typing(GROUP) > 0, "typing is shown in each chat that asked");
        // typing is refreshed every 4 s while a turn of the chat runs: none comes once they ended
        long typingA = typing(chatA);
        long typingGroup = typing(GROUP);
        Thread.sleep(6000);
        assertEquals(typingA, typing(chatA), "typing goes on in the private chat after its turns ended");
        assertEquals(typingGroup, typing(GROUP), "typing goes on in the group after its turn ended");
    }

    @Test
    void aPromptGoesToTheChatWhoseTurnAskedAndOnlyItsOwnerDecides() {
        long chatA = privateChat(A, 4);
        String shared = create(A, chatA, "prompted");
        send(A, chatA, "/timeout 5");
        await(chatA, "Idle timeout set to 5 minutes");
        send(A, GROUP, "/switch " + shared);
        await(GROUP, "Switched to session '" + shared + "'");
        send(A, GROUP, "#bash=echo from-the-group");
        BotApiStub.Shown prompt = Await.value(() -> telegram.shown(GROUP).stream()
                        .filter(s -> s.hasButtons() && s.text().contains(shared)).findFirst(),
                WAIT, () -> "no prompt in the group: " + telegram.shown(GROUP));
        assertTrue(telegram.shown(chatA).stream().noneMatch(BotApiStub.Shown::hasButtons), "the prompt reached the private chat");
        long refused = telegram.callbackAnswers().stream().filter("Not authorized."::equals).count();
        post(UPDATES.callback(GROUP, B, prompt.messageId(), data(prompt, "Allow")));
        Await.until(() -> telegram.callbackAnswers().stream().filter("Not authorized."::equals).count() > refused,
                WAIT, () -> telegram.callbackAnswers().toString());
        post(UPDATES.callback(GROUP, A, prompt.messageId(), data(prompt, "Allow")));
        await(GROUP, "ran: echo from-the-group (exit 0)");
        assertTrue(telegram.messages(chatA).stream().noneMatch(m -> m.contains("from-the-group")), telegram.messages(chatA).toString());
    }

    @Test
    void pastTheWaitingBoundAMessageIsRefusedWithTheExactText() {
        long chatA = privateChat(A, 5);
        String busy = create(A, chatA, "bounded");
        send(A, chatA, "#slow=4 long turn");
        CLAUDE.awaitLaunch(busy, 1, WAIT);
        Await.until(() -> CLAUDE.stdin(busy).size() == 1, WAIT, () -> "first message not written");
        for (int i = 1; i <= 21; i++) {
            send(A, chatA, "waiting " + i);
        }
        await(chatA, BUSY_TEXT);
        // /model while messages wait loses none of them
        send(A, chatA, "/model sonnet");
        await(chatA, "Model of session '" + busy + "' set to");
        await(chatA, "echo: waiting 1");
        List<String> turns = userTexts(CLAUDE.stdin(busy));
        assertEquals(2, turns.size(), turns.toString());
        String held = turns.get(1);
        assertTrue(held.contains("waiting 20") && !held.contains("waiting 21"), held);
        assertEquals(1, telegram.messages(chatA).stream().filter(BUSY_TEXT::equals).count());
    }

    @Test
    void archivingFromAnotherChatEndsTheProcessAndSaysWhatWasDropped() throws InterruptedException {
        long chatA = privateChat(A, 6);
        String doomed = create(A, chatA, "doomed");
        send(A, GROUP, "/switch " + doomed);
        await(GROUP, "Switched to session '" + doomed + "'");
        send(A, chatA, "#slow=3 working");
        CLAUDE.awaitLaunch(doomed, 1, WAIT);
        Await.until(() -> CLAUDE.stdin(doomed).size() == 1, WAIT, () -> "first message not written");
        send(A, chatA, "held one");
        send(A, GROUP, "held two");
        Thread.sleep(500);
        send(A, GROUP, "/archive " + doomed);
        await(GROUP, "Archived session '" + doomed + "'. 2 waiting message(s) dropped.");
        Await.until(() -> CLAUDE.liveProcesses(doomed).isEmpty(), WAIT, () -> "claude outlived its archived session");
        assertFalse(Files.exists(DATA.resolve("sessions").resolve(doomed)));
        send(A, chatA, "after the archive");
        await(chatA, "No active session. Use /new to start one.");
        assertEquals(1, CLAUDE.stdin(doomed).size(), "a message reached the archived session");
    }

    @Test
    void aCrashIsToldToEveryChatWhoseMessagesWaitedAndTheirMessagesAreStillAnswered() {
        long chatA = privateChat(A, 7);
        String crashy = create(A, chatA, "crashy");
        send(A, GROUP, "/switch " + crashy);
        await(GROUP, "Switched to session '" + crashy + "'");
        send(A, chatA, "warm-up");
        await(chatA, "echo: warm-up");
        send(A, chatA, "#slow=2 #crash in private");
        Await.until(() -> CLAUDE.stdin(crashy).size() == 2, WAIT, () -> "the crashing turn was not written");
        send(A, GROUP, "waited in the group");

        String told = await(GROUP, "Claude stopped unexpectedly (exit code 3).");
        assertEquals("⚠️ Claude stopped unexpectedly (exit code 3).\nThe 1 message(s) sent meanwhile go to a new Claude process.", told);
        await(GROUP, "echo: waited in the group");
        String crashed = await(chatA, "Claude stopped unexpectedly (exit code 3).");
        assertFalse(crashed.contains("sent meanwhile"), "the group's waiting message was counted in the private chat: " + crashed);
        assertTrue(telegram.messages(chatA).stream().noneMatch(m -> m.contains("waited in the group")), telegram.messages(chatA).toString());
    }

    long typing(long chat) {
        return telegram.delivered().stream().filter(c -> c.method().equals("sendChatAction") && c.chatId() == chat).count();
    }

    static String data(BotApiStub.Shown prompt, String label) {
        Matcher button = Pattern.compile("\"text\":\"" + Pattern.quote(label) + "\",\"callback_data\":\"([^\"]+)\"").matcher(prompt.replyMarkup());
        if (!button.find()) {
            button = Pattern.compile("\"callback_data\":\"([^\"]+)\",\"text\":\"" + Pattern.quote(label) + "\"").matcher(prompt.replyMarkup());
            assertTrue(button.find(), "no button '" + label + "' in " + prompt.replyMarkup());
        }
        return button.group(1);
    }

    static List<String> userTexts(List<String> stdinLines) {
        return stdinLines.stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject())
                .filter(o -> o.getString("type", "").equals("user"))
                .map(o -> o.getJsonObject("message").getString("content"))
                .collect(Collectors.toList());
    }
}
