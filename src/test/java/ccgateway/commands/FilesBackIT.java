package ccgateway.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.DeployedGateway;
import ccgateway.testing.Updates;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §11 on the real WAR: /get sends a file of the person's active session as a document, lists
 * a folder, and refuses every way out of the session's directory; messages the gateway cannot
 * handle yet get their answer, in private and in a group, but only for allowed people.
 */
class FilesBackIT extends DeployedGateway {

    static final long A = 1001;
    static final long B = 1002;
    static final long STRANGER = 6666;
    /** Listed in arquillian.xml's telegram.allowed-chats. */
    static final long GROUP = -4242;
    static final String NOT_SUPPORTED = "This kind of message is not supported yet; please send text, a photo or a document.";

    /** Chats of this run: the data dir outlives a run, and an earlier run's active sessions must not answer. */
    static final long RUN_CHATS = 8_000_000_000L + Math.floorMod(RUN.hashCode(), 1_000_000) * 1000L;

    /** A private chat per test: tests do not read each other's messages. */
    static long chat(long user, int test) {
        return RUN_CHATS + test * 10 + (user - 1000);
    }

    String session(long user, long chat, String base) {
        String name = name(base);
        send(user, chat, "/new " + name);
        await(chat, "Created session '" + name + "'");
        return name;
    }

    static Path directory(String session) {
        return DATA.resolve("sessions").resolve(session);
    }

    BotApiStub.Document awaitDocument(long chat) {
        return ccgateway.testing.Await.value(() -> telegram.documents(chat).stream().findFirst(), WAIT,
                () -> "no document in chat " + chat + "; messages " + telegram.messages(chat));
    }

    /** The answer to a refused /get, and no document beside it. */
    void assertRefused(long chat, String expected) {
        assertEquals(expected, await(chat, expected));
        assertEquals(List.of(), telegram.documents(chat), "a document was sent");
    }

    @Test
    void aFileArrivesAsADocumentWithItsExactBytes() throws IOException {
        long chat = chat(A, 1);
        String name = session(A, chat, "getfile");
        byte[] content = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\r', '\n', '-', '-', 'x', '\r', '\n', 0, (byte) 0x80};
        Files.createDirectories(directory(name).resolve("out"));
        Files.write(directory(name).resolve("out/report.bin"), content);
        send(A, chat, "/get out/report.bin");
        BotApiStub.Document document = awaitDocument(chat);
        assertEquals("report.bin", document.fileName());
        assertArrayEquals(content, document.bytes());
        assertTrue(telegram.messages(chat).stream().noneMatch(m -> m.contains("report.bin")), telegram.messages(chat).toString());
    }

    @Test
    void aDocumentRefusedWith429ArrivesAfterTheWait() throws IOException {
        long chat = chat(A, 11);
        String name = session(A, chat, "getretry");
        Files.writeString(directory(name).resolve("later.txt"), "patience");
        telegram.rateLimitNext("sendDocument", 1);
        send(A, chat, "/get later.txt");
        BotApiStub.Document document = awaitDocument(chat);
        assertEquals("patience", new String(document.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, telegram.faulted("sendDocument").size(), "the first attempt met the 429");
    }

    @Test
    void aFolderAnswersItsEntriesSortedWithFoldersMarked() throws IOException {
        long chat = chat(A, 2);
        String name = session(A, chat, "getdir");
        Files.createDirectories(directory(name).resolve("docs/old"));
        Files.writeString(directory(name).resolve("docs/b.md"), "b");
        Files.writeString(directory(name).resolve("docs/a.md"), "a");
        Files.writeString(directory(name).resolve("notes.txt"), "n");
        send(A, chat, "/get docs");
        assertEquals("a.md\nb.md\nold/", await(chat, "a.md"));
        send(A, chat, "/get .");
        assertEquals(".ccgateway/\ndocs/\nnotes.txt\nuploads/", await(chat, "notes.txt"));
    }

    @Test
    void dotDotOutOfTheSessionIsRefused() {
        long chat = chat(A, 3);
        String name = session(A, chat, "getdots");
        send(A, chat, "/get ../../state/update-ids");
        assertRefused(chat, "'../../state/update-ids' is outside the directory of session '" + name + "'; nothing was sent.");
        send(A, chat, "/get docs/../../x");
        assertRefused(chat, "'docs/../../x' is outside the directory of session '" + name + "'; nothing was sent.");
    }

    @Test
    void anAbsolutePathIsRefused() {
        long chat = chat(A, 4);
        String name = session(A, chat, "getabs");
        send(A, chat, "/get /etc/hostname");
        assertRefused(chat, "'/etc/hostname' is outside the directory of session '" + name + "'; nothing was sent.");
    }

    @Test
    void aSymlinkPointingOutsideIsRefused() throws IOException {
        long chat = chat(A, 5);
        String name = session(A, chat, "getlink");
        Path outside = Files.writeString(DATA.resolve("outside-" + name + ".txt"), "not for the chat");
        Files.createSymbolicLink(directory(name).resolve("escape.txt"), outside.toAbsolutePath());
        send(A, chat, "/get escape.txt");
        assertRefused(chat, "'escape.txt' is outside the directory of session '" + name + "'; nothing was sent.");
    }

    @Test
    void aMissingFileIsNamed() {
        long chat = chat(A, 6);
        String name = session(A, chat, "getnone");
        send(A, chat, "/get nothing.txt");
        assertRefused(chat, "No file or folder 'nothing.txt' in session '" + name + "'. Use /get . to list its directory.");
    }

    @Test
    void aFileOver50MegabytesIsRefusedWithItsSize() throws IOException {
        long chat = chat(A, 7);
        String name = session(A, chat, "getbig");
        try (RandomAccessFile sparse = new RandomAccessFile(directory(name).resolve("huge.bin").toFile(), "rw")) {
            sparse.setLength(60L * 1024 * 1024);
        }
        send(A, chat, "/get huge.bin");
        assertRefused(chat, "'huge.bin' is 60.0 MB; Telegram lets a bot send files up to 50 MB.");
    }

    @Test
    void anotherPersonsSessionCannotBeReached() throws IOException {
        long chatA = chat(A, 8);
        String ofA = session(A, chatA, "getowner");
        Files.writeString(directory(ofA).resolve("secret.txt"), "A's");
        long chatB = chat(B, 8);
        send(B, chatB, "/get secret.txt");
        assertRefused(chatB, "No active session. Use /new to start one.");
        String ofB = session(B, chatB, "getother");
        send(B, chatB, "/get ../" + ofA + "/secret.txt");
        assertRefused(chatB, "'../" + ofA + "/secret.txt' is outside the directory of session '" + ofB + "'; nothing was sent.");
    }

    @Test
    void getWithoutAPathAnswersItsUsage() {
        long chat = chat(A, 9);
        send(A, chat, "/get");
        assertRefused(chat, "Usage: /get <path> (a file or folder in the active session's directory)");
    }

    @Test
    void aVoiceNoteAStickerAndALocationAreAnsweredAsNotSupported() {
        long chat = chat(A, 10);
        post(UPDATES.content(A, chat, "\"voice\":{\"file_id\":\"v1\",\"file_unique_id\":\"uv1\",\"duration\":2}"));
        post(UPDATES.content(A, chat, Updates.STICKER));
        post(UPDATES.content(A, chat, "\"location\":{\"latitude\":48.2082,\"longitude\":16.3738}"));
        assertEquals(List.of(NOT_SUPPORTED, NOT_SUPPORTED, NOT_SUPPORTED), telegram.awaitMessages(chat, 3, WAIT));
    }

    @Test
    void inAGroupAStrangersStickerAndAMemberJoiningGetNoAnswer() {
        post(UPDATES.content(STRANGER, GROUP, Updates.STICKER));
        post(UPDATES.content(A, GROUP, "\"new_chat_members\":[{\"id\":1002,\"is_bot\":false,\"first_name\":\"B\"}]"));
        post(UPDATES.content(A, GROUP, Updates.STICKER));
        // the chat's order is kept: once A's sticker is answered, the two before it were handled
        assertEquals(List.of(NOT_SUPPORTED), telegram.awaitMessages(GROUP, 1, WAIT));
    }
}
