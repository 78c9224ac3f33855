package ccgateway.commands.control;

import ccgateway.chat.control.MessageSplitter;
import ccgateway.sessions.control.SessionStore;
import ccgateway.sessions.entity.Session;
import ccgateway.telegram.control.Outbox;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /get <path>} (SPEC §11, "Files back"): a file of the person's active session goes to the
 * chat as a document, a folder answers its entries. Looking and copying happen on a worker, never
 * on the chat's lane; the chat's next messages to the session wait until the file is read
 * ({@link InOrder}). What is sent is a copy taken then ({@link Snapshots}): what Claude does to the
 * file afterwards, or a 429 that delays the upload, cannot change what arrives.
 */
@ApplicationScoped
public class FilesBack {

    private static final System.Logger LOG = System.getLogger(FilesBack.class.getName());

    @Inject
    SessionStore store;

    @Inject
    Workers workers;

    @Inject
    InOrder inOrder;

    @Inject
    Outbox outbox;

    @Inject
    Snapshots snapshots;

    /** Either words for the chat or a copy of the file to send. */
    private record Answer(String text, Path copy) {
    }

    /** @param active the session the command is for: the topic's, else the person's active one (the caller knows) */
    void get(long chat, long thread, Optional<Session> active, String asked) {
        if (asked.isEmpty()) {
            reply(chat, thread, FileAnswers.USAGE);
            return;
        }
        if (active.isEmpty()) {
            reply(chat, thread, Commands.NO_ACTIVE_SESSION);
            return;
        }
        String session = active.get().name();
        Path directory = store.directory(session);
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> look(directory, session, asked), workers::run);
        inOrder.read(session, chat, answer, () -> deliver(chat, thread, asked, answer));
    }

    private Answer look(Path directory, String session, String asked) {
        try {
            InsideDirectory.Found found = InsideDirectory.resolve(directory, asked);
            if (found instanceof InsideDirectory.RegularFile file) {
                return send(file, asked);
            }
            if (found instanceof InsideDirectory.Folder folder) {
                return new Answer(FileAnswers.listing(asked, entries(folder.real())), null);
            }
            return new Answer(found instanceof InsideDirectory.Outside ? FileAnswers.outside(asked, session)
                    : found instanceof InsideDirectory.Missing ? FileAnswers.missing(asked, session)
                    : FileAnswers.notAFile(asked), null);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "/get in session {0} failed: {1}", session, e.getClass().getSimpleName());
            return new Answer(FileAnswers.unreadable(asked), null);
        }
    }

    private Answer send(InsideDirectory.RegularFile file, String asked) throws IOException {
        if (!FileAnswers.fitsTelegram(file.size())) {
            return new Answer(FileAnswers.tooLarge(asked, file.size()), null);
        }
        if (file.size() == 0) {
            return new Answer(FileAnswers.empty(asked), null);
        }
        Snapshots.Copy copy = snapshots.take(file.real(), InsideDirectory.askedName(asked), FileAnswers.MAX_BYTES);
        return copy.tooLarge() ? new Answer(FileAnswers.tooLarge(asked, copy.size()), null) : new Answer(null, copy.file());
    }

    private static List<String> entries(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                names.add(entry.getFileName() + (Files.isDirectory(entry) ? "/" : ""));
            }
        }
        return names;
    }

    private void deliver(long chat, long thread, String asked, CompletableFuture<Answer> looked) {
        Answer answer = looked.isCompletedExceptionally() ? new Answer(FileAnswers.unreadable(asked), null) : looked.join();
        if (answer.copy() == null) {
            reply(chat, thread, answer.text());
            return;
        }
        outbox.sendDocument(chat, thread, answer.copy()).whenComplete((delivered, failure) -> {
            snapshots.drop(answer.copy());
            if (!Boolean.TRUE.equals(delivered)) {
                reply(chat, thread, FileAnswers.notDelivered(asked));
            }
        });
    }

    private void reply(long chat, long thread, String text) {
        MessageSplitter.split(text).forEach(part -> outbox.send(chat, thread, part));
    }
}
