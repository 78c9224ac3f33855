package ccgateway.conversation.control;

import ccgateway.conversation.entity.Question;
import ccgateway.conversation.entity.SessionOutput;
import ccgateway.supervision.entity.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLI's requests that wait for the person (SPEC §9): shown as prompts, answered by a button or
 * (a question) by a text message, withdrawn by the CLI or when the process ends, denied when the
 * idle timeout runs out. Every method but {@link #sessionOf} runs on the session's lane. What is
 * pending is also in the database ({@link PendingRequests}), for the next start to see.
 */
@ApplicationScoped
public class Approvals {

    private static final System.Logger LOG = System.getLogger(Approvals.class.getName());

    /** What a press achieved. */
    public enum Outcome { ANSWERED, NOT_PENDING }

    @Inject
    Event<SessionOutput> output;

    @Inject
    PendingRequests requests;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> sessionByToken = new ConcurrentHashMap<>();

    /** The session whose pending request a prompt's key names; empty once it is no longer pending. */
    public Optional<String> sessionOf(String key) {
        return Optional.ofNullable(sessionByToken.get(Pending.tokenOf(key)));
    }

    void asked(String name, Conversation c, StreamEvent.ControlRequest request) {
        Pending pending = new Pending(request.requestId(), newToken(), request.request(), c.chatId, Instant.now());
        c.pending.put(pending.requestId, pending);
        sessionByToken.put(pending.token, name);
        requests.shown(pending.token, name, pending.requestId, pending.chatId, pending.askedAt);
        LOG.log(System.Logger.Level.INFO, "Session ''{0}'': Claude asks to use {1}", name, pending.tool());
        if (pending.kind() == Question.Kind.QUESTION) {
            List<JsonObject> questions = pending.questions();
            for (int i = 0; i < questions.size(); i++) {
                prompt(name, pending, pending.token + "." + i,
                        new Question(Question.Kind.QUESTION, pending.tool(), questions.get(i), Answers.optionChoices(questions.get(i))));
            }
        } else if (pending.kind() == Question.Kind.PLAN) {
            prompt(name, pending, pending.token, new Question(Question.Kind.PLAN, pending.tool(), pending.input(), Answers.planChoices()));
        } else {
            prompt(name, pending, pending.token, new Question(Question.Kind.TOOL, pending.tool(), pending.input(), Answers.toolChoices()));
        }
    }

    Outcome answer(String name, Conversation c, String key, String code) {
        Optional<Pending> found = byKey(c, key);
        if (found.isEmpty()) {
            return Outcome.NOT_PENDING;
        }
        Pending pending = found.get();
        if (pending.kind() == Question.Kind.QUESTION) {
            Optional<JsonObject> question = pending.question(key);
            List<String> options = question.map(Answers::options).orElse(List.of());
            int option = index(code);
            if (option < 0 || option >= options.size() || pending.answers.containsKey(Answers.text(question.get(), "question"))) {
                return Outcome.NOT_PENDING;
            }
            return answerQuestion(name, c, pending, key, question.get(), options.get(option));
        }
        boolean plan = pending.kind() == Question.Kind.PLAN;
        switch (code) {
            case Answers.ALLOW:
                return resolve(name, c, pending, Answers.allow(pending.input()), plan ? "✅ Plan approved" : "✅ Allowed");
            case Answers.ALWAYS:
                return plan ? Outcome.NOT_PENDING : resolve(name, c, pending,
                        Answers.allowAlways(pending.input(), pending.request.get("permission_suggestions")), "✅ Always allowed");
            case Answers.DENY:
                return resolve(name, c, pending, Answers.deny(plan ? Answers.KEEP_PLANNING_MESSAGE : Answers.DENIED_MESSAGE),
                        plan ? "📝 Keep planning" : "❌ Denied");
            default:
                return Outcome.NOT_PENDING;
        }
    }

    /** A text message while a question waits is its answer ("other"): true when it was taken as one. */
    boolean answerWithText(String name, Conversation c, String text) {
        for (Pending pending : List.copyOf(c.pending.values())) {
            Optional<String> key = pending.kind() == Question.Kind.QUESTION ? pending.firstUnanswered() : Optional.empty();
            if (key.isPresent()) {
                answerQuestion(name, c, pending, key.get(), pending.question(key.get()).orElseThrow(), text);
                return true;
            }
        }
        return false;
    }

    /** The CLI withdrew its request (e.g. after an interrupt). */
    void withdrawn(String name, Conversation c, String requestId) {
        Pending pending = c.pending.get(requestId);
        if (pending != null) {
            close(name, c, pending, "Withdrawn.");
        }
    }

    /** The process ended or the turn was stopped: nothing it asked can be answered any more. */
    void withdrawAll(String name, Conversation c) {
        List.copyOf(c.pending.values()).forEach(pending -> close(name, c, pending, "Withdrawn."));
    }

    /** Denies what waited a whole idle timeout for an answer; true when anything was denied. */
    boolean denyUnanswered(String name, Conversation c, Duration timeout, Instant now) {
        boolean denied = false;
        for (Pending pending : List.copyOf(c.pending.values())) {
            if (!pending.askedAt.plus(timeout).isAfter(now)) {
                // rounded up: a timeout under a minute (tests) is not "0 minutes"
                long minutes = (timeout.getSeconds() + 59) / 60;
                resolve(name, c, pending, Answers.deny("The user did not answer within " + minutes + " minutes."),
                        "⌛ Denied: no answer within " + minutes + " minutes.");
                denied = true;
            }
        }
        return denied;
    }

    private Outcome answerQuestion(String name, Conversation c, Pending pending, String key, JsonObject question, String answer) {
        pending.answers.put(Answers.text(question, "question"), answer);
        output.fire(new SessionOutput.PromptClosed(name, pending.chatId, key, "✅ " + answer));
        return pending.allAnswered() ? resolve(name, c, pending, Answers.answered(pending.input(), pending.answers), null) : Outcome.ANSWERED;
    }

    private Outcome resolve(String name, Conversation c, Pending pending, JsonObject response, String outcome) {
        try {
            c.channel.respond(pending.requestId, response);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': answer not written, claude no longer reads: {1}", name, e.toString());
            close(name, c, pending, "Withdrawn.");
            return Outcome.NOT_PENDING;
        }
        if (outcome == null) {
            forget(c, pending);
        } else {
            close(name, c, pending, outcome);
        }
        return Outcome.ANSWERED;
    }

    /** Every message of the request that still has buttons gets its last line. */
    private void close(String name, Conversation c, Pending pending, String outcome) {
        forget(c, pending);
        if (pending.kind() != Question.Kind.QUESTION) {
            output.fire(new SessionOutput.PromptClosed(name, pending.chatId, pending.token, outcome));
            return;
        }
        List<JsonObject> questions = pending.questions();
        for (int i = 0; i < questions.size(); i++) {
            if (!pending.answers.containsKey(Answers.text(questions.get(i), "question"))) {
                output.fire(new SessionOutput.PromptClosed(name, pending.chatId, pending.token + "." + i, outcome));
            }
        }
    }

    private void forget(Conversation c, Pending pending) {
        c.pending.remove(pending.requestId);
        sessionByToken.remove(pending.token);
        requests.closed(pending.token);
    }

    private void prompt(String name, Pending pending, String key, Question question) {
        output.fire(new SessionOutput.Prompt(name, pending.chatId, key, question));
    }

    private static Optional<Pending> byKey(Conversation c, String key) {
        String token = Pending.tokenOf(key);
        return c.pending.values().stream().filter(p -> p.token.equals(token)).findFirst();
    }

    private static int index(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
