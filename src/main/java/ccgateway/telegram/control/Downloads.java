package ccgateway.telegram.control;

import ccgateway.telegram.entity.Incoming.Attachment;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.File;
import com.pengrad.telegrambot.request.GetFile;
import com.pengrad.telegrambot.response.GetFileResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetches a photo or document into a session's {@code uploads/}, under a safe name that no other
 * file has (SPEC §10, Files). The file streams through the bot's HTTP client with a connect and a
 * read timeout and the 20 MB cap into a temporary file, renamed into place when complete; it runs on
 * a worker, never on the chat's lane, so a download that stalls holds up nothing but itself.
 */
@ApplicationScoped
public class Downloads {

    /** Telegram's Bot API serves files up to 20 MB to bots. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    static final int GET_FILE_ATTEMPTS = 5;
    /** A whole download, however it trickles: 20 MB at 70 kB/s. */
    static final Duration WHOLE_DOWNLOAD = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());
    /**
     * Names this deployment's temporary files: a {@code .part} file of another prefix was left by a
     * gateway that died mid-download (kill -9) and is swept before the next download into that folder.
     */
    static final String TEMP_PREFIX = ".download-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + "-";

    @Inject
    TelegramBot bot;

    @Inject
    OkHttpClient http;

    @Inject
    Workers workers;

    /** No byte for this long ends a download as stalled. */
    @Inject
    @ConfigProperty(name = "telegram.download-read-timeout-seconds", defaultValue = "30")
    int readTimeoutSeconds;

    private volatile OkHttpClient client;

    /** Why a download did not happen, in words for the user. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Downloads on a worker.
     * @return the file's path relative to the session directory, e.g. {@code uploads/20261123-101500-report.pdf};
     *         failed with {@link Refused} (its message is for the user)
     */
    public CompletionStage<String> fetch(Attachment attachment, Path sessionDir) {
        CompletableFuture<String> done = new CompletableFuture<>();
        workers.run(() -> {
            try {
                done.complete(download(attachment, sessionDir));
            } catch (Refused e) {
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                done.completeExceptionally(new Refused("The file could not be downloaded (" + e.getClass().getSimpleName()
                        + "). Please send it again."));
            }
        });
        return done;
    }

    String download(Attachment attachment, Path sessionDir) throws Refused {
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
        Path uploads = sessionDir.resolve("uploads");
        Path temp = null;
        try {
            if (!Files.isDirectory(uploads)) {
                // never the session directory itself: archived meanwhile, it must not come back as a stray folder
                Files.createDirectory(uploads);
            }
            sweepLeftovers(uploads);
            temp = uploads.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            stream(bot.getFullFilePath(file), temp);
            Path target = UniqueNames.place(temp, uploads, safeName(attachment.fileName()), Instant.now());
            return "uploads/" + target.getFileName();
        } catch (NoSuchFileException e) {
            throw new Refused("The session was archived while your file was downloading; the file was not kept.");
        } catch (IOException e) {
            throw new Refused("The file could not be saved (" + e.getClass().getSimpleName() + "). Please send it again.");
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Into {@code temp}, fsynced; at most {@link #MAX_BYTES}, and never waiting longer than the read timeout for a byte. */
    void stream(String url, Path temp) throws Refused {
        Request request = new Request.Builder().url(url).get().build();
        try (Response response = client().newCall(request).execute();
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (!response.isSuccessful()) {
                throw new Refused("Telegram did not hand out the file (HTTP " + response.code() + "). Please send it again.");
            }
            ResponseBody body = response.body();
            if (body.contentLength() > MAX_BYTES) {
                throw tooLarge(body.contentLength());
            }
            copy(body.byteStream(), out);
            out.force(true);
        } catch (InterruptedIOException e) {
            // OkHttp's read timeout (a SocketTimeoutException), or the whole call's
            LOG.log(System.Logger.Level.WARNING, "Download stalled: {0}", e.toString());
            String why = e instanceof java.net.SocketTimeoutException ? " (no data for " + readTimeoutSeconds + " s)" : " (too slow)";
            throw new Refused("The download of your file stalled" + why + ", so Claude did not get it. Please send it again.");
        } catch (IOException e) {
            throw new Refused("The file could not be downloaded (" + e.getClass().getSimpleName() + "). Please send it again.");
        }
    }

    private static void copy(InputStream in, FileChannel out) throws IOException, Refused {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            total += n;
            if (total > MAX_BYTES) {
                throw tooLarge(total);
            }
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    private OkHttpClient client() {
        OkHttpClient built = client;
        if (built == null) {
            // derived from the bot's: same connections and threads, timeouts of a download
            built = http.newBuilder()
                    .readTimeout(Duration.ofSeconds(readTimeoutSeconds))
                    .callTimeout(WHOLE_DOWNLOAD)
                    .build();
            client = built;
        }
        return built;
    }

    /** Removes the {@code .part} files of earlier deployments; this one's may be in use by another download. */
    static void sweepLeftovers(Path uploads) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(uploads, ".download-*.part")) {
            for (Path part : parts) {
                if (!part.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    LOG.log(System.Logger.Level.INFO, "Removing an unfinished download of an earlier run: {0}", part.getFileName());
                    deleteQuietly(part);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot remove {0}: {1}", file, e.toString());
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
}
