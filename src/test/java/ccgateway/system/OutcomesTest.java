package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.system.Outcomes.Chat;
import ccgateway.system.Outcomes.Sent;
import ccgateway.testing.BotApiStub;
import ccgateway.testing.Json;
import ccgateway.testing.StubLog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bookkeeping of InboxSystemIT on made-up chats: what the gateway being built must show
 * (answers, restart notices) counts as settled and right; a loss, a second run or a notice that
 * quotes the wrong text is named. The product cannot show the good case yet, so it is proven here.
 */
class OutcomesTest {

    static final String PADDING = " is one message of the inbox test, long enough to be quoted";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final BotApiStub telegram;
    @TempDir
    Path dir;
    final Chat chat = new Chat("Alice's private chat", 1001, 1001, "alice");

    OutcomesTest() throws IOException {
        telegram = new BotApiStub();
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    Outcomes outcomes() {
        return new Outcomes(telegram, new StubLog(dir.resolve("claude.log")));
    }

    Sent sent(String marker) {
        return new Sent(chat, marker, marker + PADDING, "{}");
    }

    /** A line the stub claude would log for what the gateway wrote to its stdin. */
    void claudeRead(String... texts) throws IOException {
        String turn = String.join("\n\n", texts);
        String line = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + Json.quote(turn) + "}}";
        String event = "{\"event\":\"stdin\",\"session\":\"alice\",\"line\":" + Json.quote(line) + "}\n";
        Files.writeString(dir.resolve("claude.log"), event, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    void chatGot(String text) throws IOException, InterruptedException {
        String form = "chat_id=" + chat.id() + "&parse_mode=HTML&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        HTTP.send(HttpRequest.newBuilder(URI.create(telegram.url() + "/bot" + BotApiStub.TOKEN + "/sendMessage"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    static String notice(String turn) {
        return Outcomes.RESTARTED + turn.substring(0, 60) + Outcomes.SEND_AGAIN;
    }

    @Test
    void answersAndANoticeForAJoinedTurnAreEachMessagesOneFate() throws Exception {
        Sent a = sent("m-1");
        Sent b = sent("m-2");
        Sent c = sent("m-3");
        Sent d = sent("m-4");
        claudeRead(a.text());
        claudeRead(b.text(), c.text()); // held behind a's turn, then one turn; the gateway restarted during it
        claudeRead(d.text());
        chatGot("echo: " + a.text());
        chatGot(notice(b.text()).replace("\"", "&quot;"));
        chatGot("Resuming session...");
        chatGot("echo: " + d.text());
        Outcomes outcomes = outcomes();
        List<Sent> all = List.of(a, b, c, d);
        assertTrue(outcomes.settled(all));
        assertEquals(List.of(), outcomes.problems(all));
        assertEquals(1, outcomes.told(c), "c was in the announced turn");
        assertEquals(0, outcomes.answered(c));
    }

    @Test
    void oneAnswerFollowedByANoticeIsTheKillRightAfterItsAnswerTwoAreNamed() throws Exception {
        Sent a = sent("m-1");
        Sent b = sent("m-2");
        claudeRead(a.text());
        chatGot("echo: " + a.text());
        chatGot(notice(a.text()));
        Outcomes outcomes = outcomes();
        assertEquals(List.of(), outcomes.problems(List.of(a)), "a kill right after a's answer left");

        claudeRead(b.text());
        chatGot("echo: " + b.text());
        chatGot(notice(b.text()));
        List<String> problems = outcomes().problems(List.of(a, b));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("answered, then also announced"), problems.toString());
    }

    @Test
    void aLostMessageATurnRunTwiceAndAWrongQuoteAreNamed() throws Exception {
        Sent lost = sent("m-1");
        Sent twice = sent("m-2");
        Sent quoted = sent("m-3");
        claudeRead(twice.text());
        claudeRead(twice.text());
        claudeRead(quoted.text());
        chatGot("echo: " + twice.text());
        chatGot(Outcomes.RESTARTED + quoted.text().substring(0, 50) + Outcomes.SEND_AGAIN);
        chatGot("The gateway is stopping; this message did not reach Claude. Please send it again once the gateway is back.");
        Outcomes outcomes = outcomes();
        assertFalse(outcomes.settled(List.of(lost, twice, quoted)));
        String problems = String.join("\n", outcomes.problems(List.of(lost, twice, quoted)));
        assertTrue(problems.contains("'m-1 is one message") && problems.contains("it never reached claude"), problems);
        assertTrue(problems.contains("claude read 'm-2 is one message") && problems.contains("2 times: its turn ran again"), problems);
        assertTrue(problems.contains("not the first 60 characters of any turn"), problems);
        assertTrue(problems.contains("did not reach Claude"), problems);
    }

    @Test
    void answersOutOfOrderAreNamed() throws Exception {
        Sent first = sent("m-1");
        Sent second = sent("m-2");
        claudeRead(first.text());
        claudeRead(second.text());
        chatGot("echo: " + second.text());
        chatGot("echo: " + first.text());
        String problems = String.join("\n", outcomes().problems(List.of(first, second)));
        assertTrue(problems.contains("the answer to m-2 came before the answer to m-1"), problems);
    }
}
