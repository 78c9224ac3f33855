package ccgateway.chat.control;

import ccgateway.conversation.entity.Question;
import ccgateway.conversation.entity.SessionOutput;
import ccgateway.telegram.control.Outbox;
import ccgateway.telegram.entity.Button;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompts in the chats: each sent with its buttons, then edited once decided — buttons gone,
 * the outcome as its last line. The edit waits in the chat's queue behind the prompt itself, so it
 * knows the message's id by the time it is sent.
 */
@ApplicationScoped
public class PromptMessages {

    /** Separates a prompt's key from the choice in a button's callback data. */
    public static final char DATA_SEPARATOR = ':';

    @Inject
    Outbox outbox;

    private record Shown(long chatId, CompletionStage<Integer> messageId, PromptText text) {
    }

    private final Map<String, Shown> shown = new ConcurrentHashMap<>();

    void show(SessionOutput.Prompt prompt, Destination to) {
        PromptText text = PromptText.of(prompt.session(), prompt.question()).labelled(to.label());
        CompletionStage<Integer> sent = outbox.sendWithButtons(to.chatId(), to.threadId(), text.html(), text.plain(), rows(prompt));
        shown.put(prompt.key(), new Shown(prompt.chatId(), sent, text));
    }

    void close(SessionOutput.PromptClosed closed) {
        Shown prompt = shown.remove(closed.key());
        if (prompt != null) {
            PromptText decided = prompt.text().closedWith(closed.outcome());
            outbox.edit(prompt.chatId(), prompt.messageId(), decided.html(), decided.plain());
        }
    }

    /** Approvals in one row; a question's options one a row, since their labels can be long. */
    private static List<List<Button>> rows(SessionOutput.Prompt prompt) {
        List<List<Button>> rows = new ArrayList<>();
        List<Button> row = new ArrayList<>();
        for (Question.Choice choice : prompt.question().choices()) {
            Button button = new Button(choice.label(), prompt.key() + DATA_SEPARATOR + choice.code());
            if (prompt.question().kind() == Question.Kind.QUESTION) {
                rows.add(List.of(button));
            } else {
                row.add(button);
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }
}
