package ccgateway.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.GatewayProcess;
import ccgateway.testing.Json;
import ccgateway.testing.Mutations;
import ccgateway.testing.StubLog;
import ccgateway.testing.SystemGateway;
import ccgateway.testing.Updates;
import ccgateway.testing.Webhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input on the packaged gateway (issue 7): whatever arrives gets a clear answer or a 4xx, never
 * a 5xx, never a crash; names never become paths outside their folder; strangers get nothing but
 * "Not authorized." (once an hour, and never in a group) in any update type; the token and message texts never reach the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputSystemIT {

    static final long USER = 1001;
    static final long STRANGER = 6666;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PRIVATE = "zq-private";
    static final int HTTP_MUTATIONS = 600;

    @RegisterExtension
    static final SystemGateway system = SystemGateway.withStubClaude("badinput");
    static final GatewayProcess gateway = system.gateway();
    static final BotApiStub telegram = system.telegram();
    static final StubLog claude = system.claude();
    static final Path root = system.root();
    static final Path dataDir = system.dataDir();
    final Updates updates = new Updates(6_000_000);

    @BeforeAll
    void start() {
        gateway.start();
    }

    int post(String update) {
        return gateway.webhook().post(update);
    }

    /** Sends a command and waits for the reply to a /help after it: replies of one chat come in order. */
    List<String> repliesTo(long chat, List<String> texts) {
        int before = telegram.messages(chat).size();
        for (String text : texts) {
            assertEquals(200, post(updates.text(USER, chat, text)), text);
        }
        assertEquals(200, post(updates.text(USER, chat, "/help")));
        telegram.awaitMessage(chat, m -> m.startsWith("ccgateway: your Claude Code sessions") && telegram.messages(chat).size() > before + texts.size(), WAIT);
        List<String> all = telegram.messages(chat);
        return all.subList(before, all.size() - 1);
    }

    @Test
    @Order(1)
    void mutatedUpdatesOverHttpAreAnsweredWith200Or4xxOnly() {
        Mutations mutations = new Mutations(11);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < HTTP_MUTATIONS; i++) {
            String real = Mutations.REAL.get(i % Mutations.REAL.size()).replaceFirst("\"update_id\":\\d+", "\"update_id\":" + (9_000_000 + i));
            byte[] body = mutations.mutate(real.getBytes(StandardCharsets.UTF_8));
            statuses.merge(gateway.webhook().post(body, Webhook.SECRET), 1, Integer::sum);
        }
        Map<String, byte[]> special = new TreeMap<>();
        special.put("5 MB of zeros", new byte[5 << 20]);
        special.put("5 MB text in a valid update", updates.text(USER, 7400, "x".repeat(5 << 20)).getBytes(StandardCharsets.UTF_8));
        special.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        special.put("1 MB nesting", "[".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII));
        special.put("empty", new byte[0]);
        special.put("array", "[{\"update_id\":1}]".getBytes(StandardCharsets.UTF_8));
        special.put("null", "null".getBytes(StandardCharsets.UTF_8));
        special.put("no update_id", "{\"message\":{}}".getBytes(StandardCharsets.UTF_8));
        special.put("update_id 2^63", "{\"update_id\":9223372036854775808}".getBytes(StandardCharsets.UTF_8));
        special.forEach((what, body) -> {
            int status = gateway.webhook().post(body, Webhook.SECRET);
            statuses.merge(status, 1, Integer::sum);
            assertTrue(status == 400 || status == 413, what + " answered " + status);
        });
        for (String secret : new String[] {null, "", "wrong", Webhook.SECRET + "x", "s3cret-for-tests_onlé"}) {
            int status = gateway.webhook().post(updates.text(USER, 7400, "hello").getBytes(StandardCharsets.UTF_8), secret);
            statuses.merge(status, 1, Integer::sum);
            assertEquals(401, status, "secret " + secret);
        }
        System.out.println("Webhook over HTTP: " + HTTP_MUTATIONS + " mutations + " + special.size() + " absurd bodies + 5 bad secrets: " + statuses);
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 400 || s == 401 || s == 413), statuses.toString());
        List<String> alive = repliesTo(7400, List.of("/sessions"));
        assertEquals(1, alive.size(), "the gateway no longer answers after the fuzzing: " + alive);
    }

    static final List<String> ODD = List.of("", "   ", "a b c d e", "x".repeat(4000), "é😀名前", "a\u0000b\u0007c\u001b[31m",
            "\u202Eevil", "../../etc", "..", "/", "-1", "0", "121", "99999999999999999999", "NaN", "1e3", "default",
            "\t\n", "CON", "UPPER", "name/with/slash", "x\ny", "--model", "$(touch pwned)", "; rm -rf /");

    @Test
    @Order(2)
    void everyCommandWithOddArgumentsGetsExactlyOneClearReply() {
        long chat = 7401;
        List<String> setup = repliesTo(chat, List.of("/new odd"));
        assertTrue(setup.get(0).startsWith("Created session 'odd'"), setup.toString());
        List<String> commands = new ArrayList<>();
        for (String command : List.of("new", "switch", "sessions", "timeout", "model", "archive", "help", "start", "nosuch", "")) {
            for (String arg : ODD) {
                commands.add("/" + command + " " + arg);
            }
            commands.add("/" + command + "@stub_bot");
        }
        commands.add("/" + "x".repeat(4000));
        commands.add("/\u0000");
        List<String> replies = repliesTo(chat, commands);
        assertEquals(commands.size(), replies.size(), "one reply per command");
        for (String reply : replies) {
            assertFalse(reply.isBlank());
            assertTrue(reply.length() <= 4096, "reply longer than Telegram allows");
            assertFalse(reply.contains("\u0000") || reply.contains("\u001b"), "control characters echoed: " + reply);
            assertFalse(reply.contains("Exception"), reply);
        }
        System.out.println("Commands: " + commands.size() + " odd commands, " + replies.size() + " replies");
        assertNothingOutsideItsFolder();
        assertFalse(Files.exists(Path.of("pwned")) || Files.exists(dataDir.resolve("sessions/odd/pwned")), "a shell ran");
    }

    @Test
    @Order(3)
    void namesThatWouldBecomePathsStayInTheirFolder() throws IOException {
        long chat = 7402;
        List<String> names = List.of("../escape", "..", ".", "../../../../tmp/escape", "/tmp/escape", "a/../../escape", "%2e%2e",
                "..%2fescape", "con", ".hidden", "-dash", "a".repeat(33), "é", "nul\u0000", "Upper");
        List<String> commands = new ArrayList<>();
        for (String name : names) {
            commands.add("/new " + name);
            commands.add("/new p" + Math.abs(name.hashCode()) + " " + name);
            commands.add("/switch " + name);
            commands.add("/archive " + name);
        }
        assertEquals(commands.size(), repliesTo(chat, commands).size());
        assertTrue(repliesTo(chat, List.of("/new ok")).get(0).startsWith("Created session 'ok'"));
        List<String> fileNames = List.of("../../../escape.txt", "..", "/etc/passwd", "a/b/c.txt", "\u0000.sh", "n".repeat(300) + ".txt",
                "é😀名前.txt", ".bashrc", "..\\..\\win.ini", "CON", "");
        for (int i = 0; i < fileNames.size(); i++) {
            byte[] content = ("content " + i).getBytes(StandardCharsets.UTF_8);
            telegram.addFile("f" + i, content);
            assertEquals(200, post(updates.document(USER, chat, "f" + i, fileNames.get(i), content.length, null)));
        }
        telegram.awaitMessage(chat, m -> m.contains("echo:") && echoCount(chat) >= fileNames.size(), WAIT);
        try (Stream<Path> uploads = Files.list(dataDir.resolve("sessions/ok/uploads"))) {
            List<Path> saved = uploads.collect(Collectors.toList());
            assertEquals(fileNames.size(), saved.size(), saved.toString());
        }
        assertNothingOutsideItsFolder();
        System.out.println("Names: " + names.size() + " session/persona names x 4 commands, " + fileNames.size() + " upload names");
    }

    /** Documents sent while Claude works are answered together, so they are counted inside the answers. */
    long echoCount(long chat) {
        String all = telegram.messages(chat).stream().filter(m -> m.startsWith("echo: ")).collect(Collectors.joining("\n"));
        return all.split("The user sent a document: uploads/", -1).length - 1;
    }

    /** Sessions are valid names under sessions/, uploads under their uploads/, nothing escaped the data dir. */
    void assertNothingOutsideItsFolder() {
        try (Stream<Path> all = Files.walk(root)) {
            List<String> odd = all.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.isEmpty() && !p.equals("claude.log") && !p.startsWith("history") && !p.equals("data"))
                    .filter(p -> !p.matches("data/(sessions|archive|personas|state)")
                            && !p.matches("data/personas/default\\.md")
                            && !p.matches("data/state/[a-z-]+(\\.json)?")
                            && !p.matches("data/state/gateway\\.mv\\.db|data/state/inbox-\\d{12}\\.journal")
                            && !p.matches("data/sessions/[a-z0-9][a-z0-9_-]{0,31}(/uploads(/[A-Za-z0-9][A-Za-z0-9._-]*)?|/\\.ccgateway(/session\\.json)?)?")
                            && !p.matches("data/archive/[a-z0-9][a-z0-9_-]{0,31}-[0-9-]+(/.*)?"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), odd, "paths the gateway should never have made");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertFalse(Files.exists(Path.of("/tmp/escape")) || Files.exists(root.resolve("escape")) || Files.exists(dataDir.resolve("escape")));
    }

    // ---- strangers and updates that are not messages

    static String user(long id) {
        return "{\"id\":" + id + ",\"is_bot\":false,\"first_name\":\"U\"}";
    }

    static String message(long from, long chat, String chatType, String content) {
        return "{\"message_id\":1,\"from\":" + user(from) + ",\"chat\":{\"id\":" + chat + ",\"type\":\"" + chatType + "\",\"title\":\"t\"},"
                + "\"date\":" + Instant.now().getEpochSecond() + "," + content + "}";
    }

    String update(String kind, String body) {
        return "{\"update_id\":" + updates.nextId() + ",\"" + kind + "\":" + body + "}";
    }

    @Test
    @Order(4)
    void strangersGetNotAuthorizedInEveryUpdateTypeAndNothingElseHappens() {
        long privateChat = 7501;
        long group = -7502;
        long quiet = 7503;
        String secretText = PRIVATE + " stranger text";
        telegram.addFile("stranger-file", "x".getBytes(StandardCharsets.UTF_8));
        List<String> strangers = List.of(
                update("message", message(STRANGER, privateChat, "private", "\"text\":\"/new evil\"")),
                update("message", message(STRANGER, privateChat, "private", "\"text\":" + Json.quote(secretText))),
                update("message", message(STRANGER, privateChat, "private", "\"text\":\"/help\"")),
                update("message", message(STRANGER, privateChat, "private",
                        "\"document\":{\"file_id\":\"stranger-file\",\"file_unique_id\":\"z\",\"file_name\":\"a.txt\",\"file_size\":1}")),
                update("message", message(STRANGER, privateChat, "private",
                        "\"forward_origin\":{\"type\":\"user\",\"date\":1,\"sender_user\":" + user(USER) + "},\"text\":\"/new fwd\"")),
                update("message", message(STRANGER, group, "group", "\"text\":\"/new groupevil\"")));
        List<String> silent = List.of(
                update("edited_message", message(STRANGER, quiet, "private", "\"edit_date\":2,\"text\":\"/new edited\"")),
                update("edited_message", message(USER, quiet, "private", "\"edit_date\":2,\"text\":\"/new edited2\"")),
                update("channel_post", "{\"message_id\":5,\"sender_chat\":{\"id\":-1007503,\"type\":\"channel\",\"title\":\"c\"},"
                        + "\"chat\":{\"id\":-1007503,\"type\":\"channel\",\"title\":\"c\"},\"date\":1,\"text\":\"/new channel\"}"),
                update("edited_channel_post", "{\"message_id\":5,\"chat\":{\"id\":-1007503,\"type\":\"channel\"},\"date\":1,\"text\":\"x\"}"),
                update("callback_query", "{\"id\":\"1\",\"from\":" + user(STRANGER) + ",\"chat_instance\":\"1\",\"data\":\"/new cb\","
                        + "\"message\":" + message(USER, quiet, "private", "\"text\":\"old\"") + "}"),
                update("inline_query", "{\"id\":\"2\",\"from\":" + user(STRANGER) + ",\"query\":\"/new inline\",\"offset\":\"\"}"),
                update("my_chat_member", "{\"chat\":{\"id\":" + quiet + ",\"type\":\"private\"},\"from\":" + user(STRANGER) + ",\"date\":1,"
                        + "\"old_chat_member\":{\"status\":\"member\",\"user\":" + user(1) + "},\"new_chat_member\":{\"status\":\"kicked\",\"user\":" + user(1) + "}}"),
                update("message", "{\"message_id\":1,\"sender_chat\":{\"id\":" + group + ",\"type\":\"group\"},\"chat\":{\"id\":" + group
                        + ",\"type\":\"group\"},\"date\":1,\"text\":\"/new anonymous\"}"));
        for (String u : strangers) {
            assertEquals(200, post(u));
        }
        for (String u : silent) {
            assertEquals(200, post(u));
        }
        // an allowed user's /help in each chat: once answered, everything before it was handled
        List<String> inPrivate = everythingBeforeHelp(privateChat);
        List<String> inGroup = everythingBeforeHelp(group);
        List<String> inQuiet = everythingBeforeHelp(quiet);
        // SPEC §10: a stranger is told once an hour in private; an unlisted group gets nothing, the bot leaves it
        assertEquals(List.of("Not authorized."), inPrivate);
        assertEquals(List.of(), inGroup);
        assertTrue(telegram.calls("leaveChat").stream().anyMatch(c -> c.chatId() == group), "the bot did not leave the unlisted group");
        assertEquals(List.of(), inQuiet);
        assertEquals(List.of(), telegram.messages(-1007503));
        assertEquals(List.of(), telegram.calls("getFile").stream().filter(c -> "stranger-file".equals(c.params().get("file_id")))
                .collect(Collectors.toList()), "a stranger's file was fetched");
        for (String name : List.of("evil", "fwd", "groupevil", "edited", "edited2", "channel", "cb", "inline", "anonymous")) {
            assertFalse(Files.exists(dataDir.resolve("sessions").resolve(name)), "session " + name + " was created");
        }
        assertFalse(claude.events().stream().anyMatch(e -> e.toString().contains(PRIVATE + " stranger")), "a stranger's text reached claude");
        assertTrue(gateway.log().contains("Refused user " + STRANGER), "refusals are not logged with the user id");
        System.out.println("Strangers: " + strangers.size() + " updates refused, " + silent.size() + " non-message updates ignored");
    }

    /** All the chat got before the answer to an allowed user's /help, which comes after everything posted before it. */
    List<String> everythingBeforeHelp(long chat) {
        repliesTo(chat, List.of());
        List<String> all = telegram.messages(chat);
        return all.subList(0, all.size() - 1);
    }

    /** What cluster nodes ask each other (SPEC §13) does not exist on a single gateway, with any secret. */
    @Test
    @Order(5)
    void aSingleGatewayHasNoClusterEndpoints() {
        String forged = Updates.text(updates.nextId(), USER, USER, "/new forged-by-cluster-call");
        for (String path : List.of("/cluster/handle", "/cluster/accept")) {
            assertEquals(404, Webhook.postTo(gateway.url() + path, "X-Ccgateway-Cluster-Secret", "guess", forged), path);
            assertEquals(404, Webhook.postTo(gateway.url() + path, "X-Ccgateway-Cluster-Secret", null, forged), path);
        }
        assertFalse(Files.exists(dataDir.resolve("sessions").resolve("forged-by-cluster-call")), "a forged cluster call created a session");
    }

    @Test
    @Order(99)
    void neitherTheTokenNorMessageTextsAppearInTheLog() {
        String log = gateway.log();
        assertTrue(log.contains("Cleaned up"), "the log was not captured");
        assertFalse(log.contains(BotApiStub.TOKEN), "the bot token is in the log");
        assertFalse(log.contains(BotApiStub.TOKEN.substring(BotApiStub.TOKEN.indexOf(':') + 1)), "the token's secret part is in the log");
        assertFalse(log.contains(PRIVATE), "a message text is in the log");
        assertFalse(log.contains("pwned"), "a command's argument is in the log");
    }
}
