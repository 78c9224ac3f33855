package ccgateway.telegram.control;

import com.pengrad.telegrambot.TelegramBot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** The one pengrad client of the application, pointed at {@code telegram.api-url}. */
@ApplicationScoped
public class TelegramBotProducer {

    @Inject
    TelegramConfig config;

    /**
     * The one HTTP client to the Bot API: the bot's calls and the file downloads ({@link Downloads},
     * with timeouts of its own on a derived client) share its connections and threads.
     */
    @Produces
    @Singleton
    OkHttpClient http() {
        // pengrad lengthens the read timeout itself for long-polling getUpdates
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(false)
                .build();
    }

    /** A pseudo-scope singleton: TelegramBot has no no-arg constructor, so it cannot be proxied. */
    @Produces
    @Singleton
    TelegramBot bot(OkHttpClient http) {
        return new TelegramBot.Builder(config.token().orElse(""))
                .apiUrl(config.apiUrl() + "/bot")
                .fileApiUrl(config.apiUrl() + "/file/bot")
                .okHttpClient(http)
                .build();
    }

    void close(@Disposes TelegramBot bot) {
        bot.shutdown();
    }
}
