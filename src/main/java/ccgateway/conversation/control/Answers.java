package ccgateway.conversation.control;

import ccgateway.conversation.entity.Question;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the person can choose for a request of the CLI's (SPEC §9), and the {@code can_use_tool}
 * answer each choice is (shapes measured on the pinned CLI: {@code shared/CLAUDE-CONTROL.md}).
 */
final class Answers {

    static final String ALLOW = "y";
    static final String ALWAYS = "a";
    static final String DENY = "n";
    static final String DENIED_MESSAGE = "The user denied this from Telegram.";
    static final String KEEP_PLANNING_MESSAGE = "The user wants to keep planning.";
    private static final JsonProvider JSON = JsonProvider.provider();

    private Answers() {
    }

    static List<Question.Choice> toolChoices() {
        return List.of(new Question.Choice("Allow", ALLOW), new Question.Choice("Always allow", ALWAYS),
                new Question.Choice("Deny", DENY));
    }

    static List<Question.Choice> planChoices() {
        return List.of(new Question.Choice("Approve plan", ALLOW), new Question.Choice("Keep planning", DENY));
    }

    /** One button per option of the question; the code is the option's index. */
    static List<Question.Choice> optionChoices(JsonObject question) {
        List<Question.Choice> choices = new ArrayList<>();
        List<String> labels = options(question);
        for (int i = 0; i < labels.size(); i++) {
            choices.add(new Question.Choice(labels.get(i), String.valueOf(i)));
        }
        return choices;
    }

    static List<String> options(JsonObject question) {
        List<String> labels = new ArrayList<>();
        if (question.get("options") instanceof JsonArray) {
            for (JsonValue option : question.getJsonArray("options")) {
                String label = option instanceof JsonObject ? text((JsonObject) option, "label")
                        : option instanceof JsonString ? ((JsonString) option).getString() : "";
                if (!label.isEmpty()) {
                    labels.add(label);
                }
            }
        }
        return labels;
    }

    /** Allow: the tool runs with the input it asked for. */
    static JsonObject allow(JsonObject input) {
        return JSON.createObjectBuilder().add("behavior", "allow").add("updatedInput", input).build();
    }

    /**
     * Allow this call and, for the rest of the process, the same kind of call: the CLI's own
     * suggestions, every one kept to the session so nothing is written into the user's project.
     */
    static JsonObject allowAlways(JsonObject input, JsonValue suggestions) {
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("behavior", "allow").add("updatedInput", input);
        if (suggestions instanceof JsonArray) {
            var forSession = JSON.createArrayBuilder();
            for (JsonValue suggestion : (JsonArray) suggestions) {
                if (suggestion instanceof JsonObject) {
                    forSession.add(JSON.createObjectBuilder((JsonObject) suggestion).add("destination", "session"));
                }
            }
            answer.add("updatedPermissions", forSession);
        }
        return answer.build();
    }

    static JsonObject deny(String message) {
        return JSON.createObjectBuilder().add("behavior", "deny").add("message", message).build();
    }

    /** AskUserQuestion: allowed, with the person's answers added to its input. */
    static JsonObject answered(JsonObject input, Map<String, String> answers) {
        JsonObjectBuilder byQuestion = JSON.createObjectBuilder();
        answers.forEach(byQuestion::add);
        return allow(JSON.createObjectBuilder(input).add("answers", byQuestion).build());
    }

    static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString ? ((JsonString) value).getString() : "";
    }
}
