package ccgateway.telegram.control;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.telegram.entity.SendOutcome;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.request.SendMessage;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An answer that came back but cannot be read is not a reason to send again; a page that is no answer is. */
class UnreadableAnswersTest {

    private HttpServer server;
    private TelegramBot bot;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        bot = new TelegramBot.Builder("1:x").apiUrl(root + "/bot").fileApiUrl(root + "/file/bot").build();
    }

    @AfterEach
    void stop() {
        bot.shutdown();
        server.stop(0);
    }

    private SendOutcome send() {
        TelegramSender sender = new TelegramSender();
        sender.bot = bot;
        sender.config = new TelegramConfig() {
            @Override
            public String redact(String text) {
                return text;
            }
        };
        return sender.attempt(new SendMessage(1, "hi"));
    }

    @Test
    void aSentMessageWithItsDateInMillisecondsCountsAsSent() {
        // what telegram-test-api 4.2.1 answers to sendMessage
        body.set("{\"ok\":true,\"result\":{\"chat_id\":\"1\",\"text\":\"hi\",\"message_id\":7,\"date\":1764600000123,"
                + "\"chat\":{\"id\":1,\"first_name\":\"Bot\",\"type\":\"private\"}}}");
        SendOutcome outcome = send();
        assertInstanceOf(SendOutcome.Unreadable.class, outcome);
        assertTrue(outcome.done(), "the chat's queue moves on");
    }

    @Test
    void aProxysErrorPageIsStillTriedAgain() {
        status.set(502);
        body.set("<html><body>502 Bad Gateway</body></html>");
        assertInstanceOf(SendOutcome.Transient.class, send());
    }

    @Test
    void aCutAnswerIsStillTriedAgain() {
        body.set("{\"ok\":true,\"res");
        assertInstanceOf(SendOutcome.Transient.class, send());
    }

    @Test
    void aReadableAnswerIsDelivered() {
        body.set("{\"ok\":true,\"result\":{\"message_id\":7,\"date\":1764600000,\"chat\":{\"id\":1,\"type\":\"private\"}}}");
        assertInstanceOf(SendOutcome.Delivered.class, send());
    }
}
