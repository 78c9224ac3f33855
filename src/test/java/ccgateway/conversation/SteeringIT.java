package ccgateway.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.Await;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.StubLog;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Steering Claude from the chat (SPEC §9) on a real Payara Micro with the stub claude speaking the
 * control protocol: tool approval with buttons, questions, plans, /cancel, /mode, /status.
 */
class SteeringIT extends DeployedGateway {

    static final long OTHER_USER = 1002;
    static final long STRANGER = 6666;
    static final String NOT_PENDING = "This request is no longer pending.";

    /** A session with a long idle timeout, so a prompt is not denied while the test looks at it. */
    String session(long chat, String base) {
        String name = newSession(chat, base);
        send(chat, "/timeout 5");
        await(chat, "Idle timeout set to 5 minutes");
        return name;
    }

    BotApiStub.Shown awaitPrompt(long chat, String fragment) {
        return telegram.awaitPrompt(chat, fragment, WAIT);
    }

    /** The prompt as the person sees it now (edits applied). */
    BotApiStub.Shown now(long chat, int messageId) {
        return telegram.shownNow(chat, messageId);
    }

    void awaitClosed(long chat, BotApiStub.Shown prompt, String lastLine) {
        telegram.awaitClosed(chat, prompt, lastLine, WAIT);
    }

    void press(long chat, long user, BotApiStub.Shown prompt, String label) {
        post(UPDATES.callback(chat, user, prompt.messageId(), prompt.callbackData(label)));
    }

    void awaitCallbackAnswer(String text, long before) {
        Await.until(() -> telegram.callbackAnswers().stream().filter(a -> text == null ? a == null : text.equals(a)).count() > before,
                WAIT, () -> "no callback answer '" + text + "': " + telegram.callbackAnswers());
    }

    long answers(String text) {
        return telegram.callbackAnswers().stream().filter(a -> text.equals(a)).count();
    }

    Path dir(String session) {
        return DATA.resolve("sessions").resolve(session);
    }

    List<JsonObject> control(String session, String subtype) {
        return CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("control")
                && session.equals(e.getString("session", null)) && subtype.equals(e.getString("subtype", ""))).toList();
    }

    @Test
    void allowedCommandRunsAndThePromptSaysSo() {
        long chat = 9501;
        String s = session(chat, "allow");
        send(chat, "make it #bash=touch made-by-claude.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "🔐 " + s + ": Claude wants to use Bash");
        assertTrue(prompt.text().contains("<pre>touch made-by-claude.txt</pre>"), prompt.text());
        assertTrue(prompt.replyMarkup().contains("Always allow") && prompt.replyMarkup().contains("Deny"), prompt.replyMarkup());
        assertFalse(Files.exists(dir(s).resolve("made-by-claude.txt")), "ran before anyone allowed it");
        long answered = telegram.callbackAnswers().size();
        press(chat, USER, prompt, "Allow");
        awaitClosed(chat, prompt, "✅ Allowed");
        await(chat, "ran: touch made-by-claude.txt (exit 0)");
        assertTrue(Files.exists(dir(s).resolve("made-by-claude.txt")));
        assertTrue(telegram.callbackAnswers().size() > answered);
    }

    @Test
    void deniedCommandDoesNotRunAndClaudeIsToldWhy() {
        long chat = 9502;
        String s = session(chat, "deny");
        send(chat, "#bash=touch denied.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch denied.txt");
        press(chat, USER, prompt, "Deny");
        awaitClosed(chat, prompt, "❌ Denied");
        await(chat, "denied Bash: The user denied this from Telegram.");
        assertFalse(Files.exists(dir(s).resolve("denied.txt")));
    }

    @Test
    void alwaysAllowAsksNoMoreForTheSameKindAndWritesNothingIntoTheProject() {
        long chat = 9503;
        String s = session(chat, "always");
        send(chat, "#bash=touch one.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch one.txt");
        press(chat, USER, prompt, "Always allow");
        awaitClosed(chat, prompt, "✅ Always allowed");
        await(chat, "ran: touch one.txt (exit 0)");
        send(chat, "#bash=touch two.txt");
        await(chat, "ran: touch two.txt (exit 0)");
        assertEquals(1, telegram.shown(chat).stream().filter(m -> m.text().contains("Claude wants to use")).count(),
                "asked again for the same kind of call");
        List<JsonObject> granted = CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("permissions")
                && s.equals(e.getString("session", null))).toList();
        assertFalse(granted.isEmpty(), "no permissions reached claude");
        assertFalse(granted.toString().contains("localSettings"), granted.toString());
        assertFalse(Files.exists(dir(s).resolve(".claude")), "written into the user's project");
    }

    @Test
    void onlyTheOwnerDecidesAndAStalePressIsToldSo() {
        long chat = 9504;
        String s = session(chat, "owner");
        send(chat, "#bash=touch owned.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch owned.txt");
        long refused = answers("Not authorized.");
        press(chat, STRANGER, prompt, "Allow");
        press(chat, OTHER_USER, prompt, "Allow");
        Await.until(() -> answers("Not authorized.") >= refused + 2, WAIT, () -> telegram.callbackAnswers().toString());
        assertTrue(now(chat, prompt.messageId()).hasButtons(), "a stranger's press changed the prompt");
        assertFalse(Files.exists(dir(s).resolve("owned.txt")), "ran on a stranger's press");

        press(chat, USER, prompt, "Allow");
        awaitClosed(chat, prompt, "✅ Allowed");
        await(chat, "ran: touch owned.txt");
        long stale = answers(NOT_PENDING);
        press(chat, USER, prompt, "Deny");
        post(UPDATES.callback(chat, USER, prompt.messageId(), "forged-token:y"));
        Await.until(() -> answers(NOT_PENDING) >= stale + 2, WAIT, () -> telegram.callbackAnswers().toString());
        List<JsonObject> decisions = CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("control")
                && s.equals(e.getString("session", null)) && e.getString("direction", "").equals("response")).toList();
        assertEquals(1, decisions.size(), "one press, one answer to claude: " + decisions);
        assertEquals("allow", decisions.get(0).getString("behavior", ""), decisions.toString());
    }

    @Test
    void cancelStopsARunningToolButKeepsTheProcessAndItsHistory() {
        long chat = 9505;
        String s = session(chat, "cancel");
        send(chat, "#sleep-tool=60");
        press(chat, USER, awaitPrompt(chat, "time.sleep(60)"), "Allow");
        long tool = Await.value(() -> CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("tool")
                && s.equals(e.getString("session", null))).map(e -> e.getJsonNumber("pid").longValue()).findFirst(),
                WAIT, () -> "the tool never started");
        send(chat, "waiting one");
        send(chat, "waiting two");
        send(chat, "/cancel");
        await(chat, "Cancelled. 2 waiting message(s) dropped.");
        Await.until(() -> !StubLog.isAlive(tool), WAIT, () -> "the tool's process " + tool + " outlived /cancel");
        send(chat, "still there?");
        await(chat, "echo: still there?");
        assertEquals(1, CLAUDE.launches(s).size(), "/cancel restarted claude");
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("Claude reported an error") || m.contains("stopped unexpectedly")),
                telegram.messages(chat).toString());
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("waiting one")), "a dropped message was answered");
    }

    @Test
    void cancelWithdrawsAWaitingPromptAndNothingToCancelOtherwise() {
        long chat = 9506;
        String s = session(chat, "withdraw");
        send(chat, "/cancel");
        await(chat, "Nothing to cancel.");
        send(chat, "#bash=touch never.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch never.txt");
        send(chat, "/cancel");
        await(chat, "Cancelled.");
        awaitClosed(chat, prompt, "Withdrawn.");
        long stale = answers(NOT_PENDING);
        press(chat, USER, prompt, "Allow");
        awaitCallbackAnswer(NOT_PENDING, stale);
        assertFalse(Files.exists(dir(s).resolve("never.txt")), "a withdrawn request ran");
        send(chat, "/cancel");
        Await.until(() -> telegram.messages(chat).stream().filter("Nothing to cancel."::equals).count() == 2,
                WAIT, () -> telegram.messages(chat).toString());
        send(chat, "after");
        await(chat, "echo: after");
    }

    @Test
    void modeChangesTheLiveProcessAndIsKeptForTheNextLaunch() {
        long chat = 9507;
        String s = session(chat, "mode");
        send(chat, "/mode");
        assertEquals("Permission mode: default\n\nUsage: /mode <default|acceptEdits|plan>", await(chat, "Permission mode:"));
        send(chat, "/mode bypassPermissions");
        await(chat, "Unknown mode. Usage: /mode <default|acceptEdits|plan>");
        send(chat, "hello");
        await(chat, "echo: hello");
        send(chat, "/mode acceptEdits");
        await(chat, "Permission mode set to acceptEdits for session '" + s + "'.");
        assertFalse(control(s, "set_permission_mode").isEmpty(), "the live process was not told");
        send(chat, "#write=w.txt");
        await(chat, "wrote: ");
        assertTrue(Files.exists(dir(s).resolve("w.txt")), "the file was not written");
        assertTrue(telegram.shown(chat).stream().noneMatch(m -> m.text().contains("Claude wants to use Write")), "asked in acceptEdits");
        assertEquals(1, CLAUDE.launches(s).size());
    }

    @Test
    void questionIsAnsweredByAButtonOrByText() {
        long chat = 9508;
        session(chat, "ask");
        send(chat, "#ask=Tabs or spaces?|Tabs|Spaces");
        BotApiStub.Shown question = awaitPrompt(chat, "Tabs or spaces?");
        press(chat, USER, question, "Spaces");
        awaitClosed(chat, question, "✅ Spaces");
        await(chat, "answer: Spaces");
        send(chat, "#ask=Which colour?|Red|Blue");
        awaitPrompt(chat, "Which colour?");
        send(chat, "Green, please");
        await(chat, "answer: Green, please");
    }

    @Test
    void planIsApprovedWithAButton() {
        long chat = 9509;
        session(chat, "plan");
        send(chat, "#plan");
        BotApiStub.Shown plan = awaitPrompt(chat, "Claude's plan");
        assertTrue(plan.replyMarkup().contains("Keep planning"), plan.replyMarkup());
        press(chat, USER, plan, "Approve plan");
        awaitClosed(chat, plan, "✅ Plan approved");
        await(chat, "plan approved");
    }

    @Test
    void statusTellsStateModelCostContextAndProcess() {
        long chat = 9510;
        String s = session(chat, "status");
        send(chat, "/status");
        String suspended = await(chat, "Session '" + s + "'");
        assertTrue(suspended.contains("State: suspended") && !suspended.contains("Process:"), suspended);
        send(chat, "hello");
        await(chat, "echo: hello");
        send(chat, "/status");
        String live = Await.value(() -> telegram.messages(chat).stream().filter(m -> m.contains("State: idle")).findFirst(),
                WAIT, () -> telegram.messages(chat).toString());
        assertTrue(live.contains("Permission mode: default") && live.contains("Idle timeout: 5 minutes"), live);
        assertTrue(Pattern.compile("Context: \\d+% of \\d+ tokens").matcher(live).find(), live);
        assertTrue(live.contains("Process: pid " + CLAUDE.awaitLaunch(s, 1, WAIT).pid()), live);
        assertTrue(live.contains("Cost so far: 0.00"), live);
    }

    @Test
    void unansweredPromptIsDeniedWhenTheIdleTimeoutRunsOut() {
        long chat = 9511;
        String s = newSession(chat, "expire");
        send(chat, "#bash=touch late.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch late.txt");
        awaitClosed(chat, prompt, "⌛ Denied: no answer within 1 minutes.");
        await(chat, "denied Bash: The user did not answer within 1 minutes.");
        assertFalse(Files.exists(dir(s).resolve("late.txt")));
        Optional<StubLog.Launch> launch = CLAUDE.launches(s).stream().findFirst();
        Await.until(() -> launch.map(l -> !l.isAlive()).orElse(true), WAIT, () -> "not suspended after the denial");
    }

    @Test
    void twoPressesAtOnceDecideOnceAndArchiveWithdrawsWhatWaits() throws Exception {
        long chat = 9512;
        String s = session(chat, "twice");
        send(chat, "#bash=touch twice.txt");
        BotApiStub.Shown prompt = awaitPrompt(chat, "touch twice.txt");
        long stale = answers(NOT_PENDING);
        Thread other = new Thread(() -> press(chat, USER, prompt, "Deny"));
        other.start();
        press(chat, USER, prompt, "Allow");
        other.join();
        Await.until(() -> answers(NOT_PENDING) == stale + 1, WAIT, () -> telegram.callbackAnswers().toString());
        Await.until(() -> !now(chat, prompt.messageId()).hasButtons(), WAIT, () -> now(chat, prompt.messageId()).toString());
        List<JsonObject> decisions = CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("control")
                && s.equals(e.getString("session", null)) && e.getString("direction", "").equals("response")).toList();
        assertEquals(1, decisions.size(), "two answers reached claude: " + decisions);

        send(chat, "#bash=touch archived.txt");
        BotApiStub.Shown waiting = awaitPrompt(chat, "touch archived.txt");
        send(chat, "/archive " + s);
        await(chat, "Archived session '" + s + "'");
        awaitClosed(chat, waiting, "Withdrawn.");
        long before = answers(NOT_PENDING);
        press(chat, USER, waiting, "Allow");
        awaitCallbackAnswer(NOT_PENDING, before);
        assertTrue(CLAUDE.launches(s).stream().noneMatch(StubLog.Launch::isAlive), "claude outlived its archived session");
    }

    @Test
    void aPressWhileCancelRunsEitherRunsAndIsStoppedOrIsWithdrawn() throws Exception {
        long chat = 9513;
        String s = session(chat, "race");
        send(chat, "#sleep-tool=30");
        BotApiStub.Shown prompt = awaitPrompt(chat, "time.sleep(30)");
        Thread presser = new Thread(() -> press(chat, USER, prompt, "Allow"));
        presser.start();
        send(chat, "/cancel");
        presser.join();
        await(chat, "Cancelled.");
        Await.until(() -> !now(chat, prompt.messageId()).hasButtons(), WAIT, () -> now(chat, prompt.messageId()).toString());
        String outcome = now(chat, prompt.messageId()).text();
        assertTrue(outcome.endsWith("✅ Allowed") || outcome.endsWith("Withdrawn."), outcome);
        Await.until(() -> CLAUDE.events().stream().filter(e -> e.getString("event", "").equals("tool") && s.equals(e.getString("session", null)))
                .noneMatch(e -> StubLog.isAlive(e.getJsonNumber("pid").longValue())), WAIT, () -> "the tool outlived /cancel");
        send(chat, "next");
        await(chat, "echo: next");
        assertEquals(1, CLAUDE.launches(s).size());
    }
}
