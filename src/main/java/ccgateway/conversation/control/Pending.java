package ccgateway.conversation.control;

import ccgateway.conversation.entity.Question;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request of the CLI's ({@code can_use_tool}) that waits for the person: a tool to approve, the
 * questions of {@code AskUserQuestion}, or a plan. Touched only on the session's lane.
 */
final class Pending {

    final String requestId;
    /** Names the request in the buttons' callback data; unguessable, so a forged press finds nothing. */
    final String token;
    final JsonObject request;
    final long chatId;
    final Instant askedAt;
    /** AskUserQuestion: the question's text → the chosen option, as the CLI wants them back. */
    final Map<String, String> answers = new LinkedHashMap<>();

    Pending(String requestId, String token, JsonObject request, long chatId, Instant askedAt) {
        this.requestId = requestId;
        this.token = token;
        this.request = request;
        this.chatId = chatId;
        this.askedAt = askedAt;
    }

    String tool() {
        JsonValue tool = request.get("tool_name");
        return tool instanceof JsonString ? ((JsonString) tool).getString() : "a tool";
    }

    JsonObject input() {
        JsonValue input = request.get("input");
        return input instanceof JsonObject ? (JsonObject) input : JsonValue.EMPTY_JSON_OBJECT;
    }

    Question.Kind kind() {
        if (tool().equals("AskUserQuestion") && !questions().isEmpty()) {
            return Question.Kind.QUESTION;
        }
        return tool().equals("ExitPlanMode") ? Question.Kind.PLAN : Question.Kind.TOOL;
    }

    List<JsonObject> questions() {
        JsonValue questions = input().get("questions");
        List<JsonObject> all = new ArrayList<>();
        if (questions instanceof JsonArray) {
            for (JsonValue question : (JsonArray) questions) {
                if (question instanceof JsonObject && !Answers.text((JsonObject) question, "question").isEmpty()) {
                    all.add((JsonObject) question);
                }
            }
        }
        return all;
    }

    /** The key of each message this request is shown in: one per question, else one. */
    List<String> keys() {
        if (kind() != Question.Kind.QUESTION) {
            return List.of(token);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < questions().size(); i++) {
            keys.add(token + "." + i);
        }
        return keys;
    }

    /** The request's token in a prompt's key ({@code <token>} or {@code <token>.<question>}). */
    static String tokenOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** The question a key names, when it is one of AskUserQuestion's. */
    Optional<JsonObject> question(String key) {
        int dot = key.indexOf('.');
        if (dot < 0 || kind() != Question.Kind.QUESTION) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseInt(key.substring(dot + 1));
            List<JsonObject> questions = questions();
            return index >= 0 && index < questions.size() ? Optional.of(questions.get(index)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first question still without an answer, with its key: where a plain text message goes. */
    Optional<String> firstUnanswered() {
        List<JsonObject> questions = questions();
        for (int i = 0; i < questions.size(); i++) {
            if (!answers.containsKey(Answers.text(questions.get(i), "question"))) {
                return Optional.of(token + "." + i);
            }
        }
        return Optional.empty();
    }

    boolean allAnswered() {
        return answers.size() >= questions().size();
    }
}
