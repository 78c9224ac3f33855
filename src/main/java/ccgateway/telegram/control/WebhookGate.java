package ccgateway.telegram.control;

import com.pengrad.telegrambot.model.Update;
import com.pengrad.telegrambot.utility.BotUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The checks every webhook request passes before anything happens: secret, size, shape. */
@ApplicationScoped
public class WebhookGate {

    private static final System.Logger LOG = System.getLogger(WebhookGate.class.getName());

    /** Telegram's own updates are a few KB; 1 MB leaves room for the longest message with entities. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** An oversized body is read to its end up to this size, so the client hears the 413 instead of a reset. */
    static final int MAX_DRAINED_BYTES = 16 << 20;

    @Inject
    TelegramConfig config;

    /** Constant-time; with no secret configured nothing matches (fail closed). */
    public boolean secretMatches(String given) {
        Optional<String> expected = config.webhookSecret();
        if (expected.isEmpty() || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the update, or empty when the body is not one; 413 when it is too large to be one */
    public Optional<Update> parse(InputStream body) {
        return decode(readCapped(body)).flatMap(WebhookGate::toUpdate);
    }

    private static byte[] readCapped(InputStream body) {
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > MAX_BODY_BYTES) {
                    drain(in, buffer);
                    throw new WebApplicationException("update larger than " + MAX_BODY_BYTES + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new WebApplicationException("cannot read the request body", Response.Status.BAD_REQUEST);
        }
    }

    private static void drain(InputStream in, byte[] buffer) throws IOException {
        long drained = 0;
        int n;
        while (drained < MAX_DRAINED_BYTES && (n = in.read(buffer)) != -1) {
            drained += n;
        }
    }

    private static Optional<String> decode(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static Optional<Update> toUpdate(String json) {
        String trimmed = json.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            Update update = BotUtils.parseUpdate(trimmed);
            return update == null || update.updateId() == null ? Optional.empty() : Optional.of(update);
        } catch (RuntimeException | StackOverflowError e) {
            // Gson rejects wrong types and broken syntax; absurd nesting must not take the server down
            LOG.log(System.Logger.Level.DEBUG, "Not a Telegram update: {0}", e.toString());
            return Optional.empty();
        }
    }
}
