package ccgateway.conversation.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswersTest {

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void allowRunsTheToolWithTheInputItAskedFor() {
        JsonObject input = json("{\"command\":\"echo hi > f.txt\"}");
        assertEquals(json("{\"behavior\":\"allow\",\"updatedInput\":{\"command\":\"echo hi > f.txt\"}}"), Answers.allow(input));
    }

    @Test
    void alwaysAllowKeepsEverySuggestionToTheSessionSoNothingIsWrittenIntoTheProject() {
        JsonValue suggestions = json("{\"s\":[{\"type\":\"addRules\",\"rules\":[{\"toolName\":\"Bash\",\"ruleContent\":\"echo hi *\"}],"
                + "\"behavior\":\"allow\",\"destination\":\"localSettings\"},"
                + "{\"type\":\"addDirectories\",\"directories\":[\"/p\"],\"destination\":\"session\"}]}").get("s");
        JsonObject answer = Answers.allowAlways(json("{\"command\":\"echo hi\"}"), suggestions);
        assertEquals("allow", answer.getString("behavior"));
        List<JsonObject> permissions = answer.getJsonArray("updatedPermissions").getValuesAs(JsonObject.class);
        assertEquals(2, permissions.size());
        permissions.forEach(p -> assertEquals("session", p.getString("destination")));
        assertEquals("echo hi *", permissions.get(0).getJsonArray("rules").getJsonObject(0).getString("ruleContent"));
        assertFalse(answer.toString().contains("localSettings"));
    }

    @Test
    void denyAlwaysCarriesAMessageOrTheCliTakesItForAnInvalidAnswer() {
        assertEquals(json("{\"behavior\":\"deny\",\"message\":\"The user denied this from Telegram.\"}"),
                Answers.deny(Answers.DENIED_MESSAGE));
    }

    @Test
    void questionAnswersGoBackInTheToolInputByQuestionText() {
        JsonObject input = json("{\"questions\":[{\"question\":\"Which?\",\"header\":\"H\",\"options\":[{\"label\":\"A\"},{\"label\":\"B\"}],"
                + "\"multiSelect\":false}]}");
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("Which?", "B");
        JsonObject answer = Answers.answered(input, answers);
        assertEquals("allow", answer.getString("behavior"));
        assertEquals("B", answer.getJsonObject("updatedInput").getJsonObject("answers").getString("Which?"));
        assertEquals(input.getJsonArray("questions"), answer.getJsonObject("updatedInput").getJsonArray("questions"));
    }

    @Test
    void everyOptionOfAQuestionIsAButtonWithItsIndex() {
        JsonObject question = json("{\"question\":\"Which?\",\"options\":[{\"label\":\"Red\"},{\"label\":\"\"},{\"label\":\"Blue\"}]}");
        assertEquals(List.of("Red", "Blue"), Answers.options(question));
        assertEquals("1", Answers.optionChoices(question).get(1).code());
    }
}
