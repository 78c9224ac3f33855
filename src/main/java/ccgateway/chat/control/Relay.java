package ccgateway.chat.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.telegram.control.Outbox;
import ccgateway.threads.control.Workers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what sessions say into Telegram messages (SPEC §4 Output): Claude's text is batched per
 * chat, at most about one message per second, and flushed at once when a turn ends, so the last
 * words never wait for the batch window. Formatted as Telegram HTML, sent as plain text if refused.
 * Each session's output goes to its {@link Destination}: its topic, or the chat, labelled when it is
 * not the active session there; a batch holds one label's words, so every message starts with its own.
 */
@ApplicationScoped
public class Relay {

    static final Duration BATCH_WINDOW = Duration.ofSeconds(1);
    static final Duration TYPING_REFRESH = Duration.ofSeconds(4);

    @Inject
    Outbox outbox;

    @Inject
    Workers workers;

    @Inject
    PromptMessages prompts;

    @Inject
    Destinations destinations;

    private final Map<Destination.Place, ChatBuffer> chats = new ConcurrentHashMap<>();

    void on(@Observes SessionOutput event) {
        Destination to = destinations.of(event);
        ChatBuffer chat = chats.computeIfAbsent(to.place(), ChatBuffer::new);
        if (event instanceof SessionOutput.Text text) {
            chat.append(to.label(), text.text());
        } else if (event instanceof SessionOutput.Tool tool) {
            chat.append(to.label(), "🔧 " + tool.name() + (tool.summary().isBlank() ? "" : ": " + tool.summary()));
        } else if (event instanceof SessionOutput.Working) {
            chat.working(event.session());
        } else if (event instanceof SessionOutput.Answered) {
            chat.answered(event.session());
        } else if (event instanceof SessionOutput.TurnEnded ended) {
            chat.turnEnded(event.session(), to.label(), ended.error());
        } else if (event instanceof SessionOutput.Notice notice) {
            chat.say(to.label(), notice.text());
        } else if (event instanceof SessionOutput.Prompt prompt) {
            // Claude's words that led to the question come first; no "typing…" while the person decides
            chat.flushThen(() -> prompts.show(prompt, to));
            chat.waitsForThePerson(event.session());
        } else if (event instanceof SessionOutput.PromptClosed closed) {
            chat.flushThen(() -> prompts.close(closed));
            chat.working(event.session());
        }
    }

    private final class ChatBuffer {
        private final long chatId;
        private final long threadId;
        private final StringBuilder pending = new StringBuilder();
        /** What every message of the pending words starts with. */
        private String pendingLabel = "";
        private final Set<String> working = new HashSet<>();
        private long lastFlushNanos;
        private boolean flushScheduled;
        private boolean typingScheduled;

        ChatBuffer(Destination.Place place) {
            this.chatId = place.chatId();
            this.threadId = place.threadId();
        }

        synchronized void append(String label, String markdown) {
            if (!label.equals(pendingLabel)) {
                flush();
                pendingLabel = label;
            }
            if (pending.length() > 0) {
                pending.append("\n\n");
            }
            pending.append(markdown);
            long sinceFlush = System.nanoTime() - lastFlushNanos;
            if (sinceFlush >= BATCH_WINDOW.toNanos()) {
                flush();
            } else if (!flushScheduled) {
                flushScheduled = true;
                workers.later(Duration.ofNanos(BATCH_WINDOW.toNanos() - sinceFlush), this::scheduledFlush);
            }
        }

        private synchronized void scheduledFlush() {
            flushScheduled = false;
            flush();
        }

        /** Queues what is pending; queueing under the lock keeps the chat's order. */
        private void flush() {
            if (pending.length() == 0) {
                return;
            }
            String markdown = pending.toString();
            pending.setLength(0);
            lastFlushNanos = System.nanoTime();
            String label = pendingLabel;
            for (TelegramHtml.Chunk chunk : TelegramHtml.chunks(markdown, MessageSplitter.TELEGRAM_LIMIT - label.length())) {
                outbox.sendFormatted(chatId, threadId, TelegramHtml.escape(label) + chunk.html(), label + chunk.markdown());
            }
        }

        synchronized void flushThen(Runnable next) {
            flush();
            next.run();
        }

        synchronized void say(String label, String text) {
            flush();
            for (String part : MessageSplitter.split(text, MessageSplitter.TELEGRAM_LIMIT - label.length())) {
                outbox.send(chatId, threadId, label + part);
            }
        }

        synchronized void working(String session) {
            working.add(session);
            if (!typingScheduled) {
                typingScheduled = true;
                outbox.typing(chatId, threadId);
                workers.later(TYPING_REFRESH, this::refreshTyping);
            }
        }

        private synchronized void refreshTyping() {
            if (working.isEmpty()) {
                typingScheduled = false;
                return;
            }
            outbox.typing(chatId, threadId);
            workers.later(TYPING_REFRESH, this::refreshTyping);
        }

        synchronized void waitsForThePerson(String session) {
            working.remove(session);
        }

        synchronized void answered(String session) {
            working.remove(session);
            flush();
        }

        synchronized void turnEnded(String session, String label, String error) {
            working.remove(session);
            flush();
            if (error != null) {
                say(label, "⚠️ " + error);
            }
        }
    }
}
