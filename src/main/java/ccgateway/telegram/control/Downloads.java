package ccgateway.telegram.control;

import ccgateway.storage.control.AtomicFiles;
import ccgateway.telegram.entity.Incoming.Attachment;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.File;
import com.pengrad.telegrambot.request.GetFile;
import com.pengrad.telegrambot.response.GetFileResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Fetches a photo or document into a session's {@code uploads/}, under a safe and unique name. */
@ApplicationScoped
public class Downloads {

    /** Telegram's Bot API serves files up to 20 MB to bots. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    static final int GET_FILE_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Inject
    TelegramBot bot;

    /** Why a download did not happen, in words for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** @return the file's path relative to the session directory, e.g. {@code uploads/20261123-101500-report.pdf} */
    public String fetch(Attachment attachment, Path sessionDir) throws Refused {
        if (attachment.size() > MAX_BYTES) {
            throw tooLarge(attachment.size());
        }
        GetFileResponse response = getFile(attachment.fileId());
        if (response == null || !response.isOk() || response.file() == null) {
            String reason = response == null ? "no answer" : response.description();
            if (reason != null && reason.toLowerCase(Locale.ROOT).contains("too big")) {
                throw tooLarge(attachment.size());
            }
            throw new Refused("Telegram did not hand out the file (" + reason + "). Please send it again.");
        }
        File file = response.file();
        if (file.fileSize() != null && file.fileSize() > MAX_BYTES) {
            throw tooLarge(file.fileSize());
        }
        try {
            byte[] content = bot.getFileContent(file);
            Path uploads = sessionDir.resolve("uploads");
            Files.createDirectories(uploads);
            Path target = unique(uploads, safeName(attachment.fileName()));
            AtomicFiles.write(target, content);
            return "uploads/" + target.getFileName();
        } catch (IOException | RuntimeException e) {
            throw new Refused("The file could not be downloaded (" + e.getClass().getSimpleName() + "). Please send it again.");
        }
    }

    /**
     * getFile, tried again on what passes (429, 5xx, a dropped connection, a timeout), as the outbox
     * does for sending. pengrad throws on network errors: uncaught, that lost the user's message
     * without a word, because the chat's handler died with it.
     * @return the last answer, null when none came
     */
    GetFileResponse getFile(String fileId) throws Refused {
        GetFileResponse response = null;
        String failure = "no answer";
        for (int attempt = 1; attempt <= GET_FILE_ATTEMPTS; attempt++) {
            Duration wait;
            try {
                response = bot.execute(new GetFile(fileId));
                if (response != null && (response.isOk() || (response.errorCode() != 429 && response.errorCode() < 500))) {
                    return response;
                }
                failure = response == null ? "empty answer" : response.errorCode() + " " + response.description();
                Integer retryAfter = response == null || response.parameters() == null ? null : response.parameters().retryAfter();
                wait = retryAfter != null ? Duration.ofSeconds(Math.min(retryAfter, 30)) : ChatQueue.backoff(attempt);
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = cause.getClass().getSimpleName();
                wait = ChatQueue.backoff(attempt);
            }
            LOG.log(System.Logger.Level.WARNING, "getFile failed ({0}), attempt {1} of {2}", failure, attempt, GET_FILE_ATTEMPTS);
            if (attempt < GET_FILE_ATTEMPTS) {
                pause(wait);
            }
        }
        throw new Refused("Telegram did not hand out the file (" + failure + "). Please send it again.");
    }

    private static void pause(Duration wait) throws Refused {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("The download was interrupted. Please send the file again.");
        }
    }

    private static Refused tooLarge(long size) {
        return new Refused("That file is " + (size / (1024 * 1024)) + " MB; Telegram lets bots download files up to 20 MB only. "
                + "Please send a smaller file.");
    }

    /** Only letters, digits, '.', '-' and '_' survive; no leading dot, no path, at most 100 characters. */
    static String safeName(String original) {
        String base = original == null ? "" : original.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        if (safe.length() > 100) {
            safe = safe.substring(safe.length() - 100);
        }
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '_' || c == '.') ? "file" : safe;
    }

    private static Path unique(Path dir, String name) {
        String stamp = STAMP.format(Instant.now());
        Path candidate = dir.resolve(stamp + "-" + name);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = dir.resolve(stamp + "-" + n + "-" + name);
        }
        return candidate;
    }
}
