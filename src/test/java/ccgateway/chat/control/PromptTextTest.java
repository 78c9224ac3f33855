package ccgateway.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ccgateway.conversation.entity.Question;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTextTest {

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static PromptText tool(String tool, String input) {
        return PromptText.of("demo", new Question(Question.Kind.TOOL, tool, json(input), List.of()));
    }

    @Test
    void bashShowsTheCommandInACodeBlockUnderTheExactFirstLine() {
        PromptText text = tool("Bash", "{\"command\":\"echo <hi> > f.txt\",\"description\":\"Write f\"}");
        assertEquals("<b>🔐 demo: Claude wants to use Bash</b>\nWrite f\n<pre>echo &lt;hi&gt; &gt; f.txt</pre>", text.html());
        assertTrue(text.plain().startsWith("🔐 demo: Claude wants to use Bash\n"), text.plain());
        assertTrue(text.plain().endsWith("echo <hi> > f.txt"), text.plain());
    }

    @Test
    void writeShowsThePathAndTheFirstLinesOfTheContent() {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            content.append("line ").append(i).append("\\n");
        }
        PromptText text = tool("Write", "{\"file_path\":\"/p/notes.md\",\"content\":\"" + content + "\"}");
        assertTrue(text.plain().contains("/p/notes.md\nline 1\n"), text.plain());
        assertTrue(text.plain().contains("line 10\n… (21 more lines)"), text.plain());
        assertFalse(text.plain().contains("line 11"), text.plain());
    }

    @Test
    void editShowsTheChangeAsMinusAndPlusLines() {
        PromptText text = tool("Edit", "{\"file_path\":\"/p/a.py\",\"old_string\":\"x = 1\\ny = 2\",\"new_string\":\"x = 3\"}");
        assertTrue(text.plain().endsWith("/p/a.py\n- x = 1\n- y = 2\n+ x = 3"), text.plain());
    }

    @Test
    void anyOtherToolShowsItsInputCutAtAboutAThousandCharacters() {
        PromptText text = tool("WebFetch", "{\"url\":\"https://example.org/" + "a".repeat(3000) + "\"}");
        assertTrue(text.plain().length() < 1100, "length " + text.plain().length());
        assertTrue(text.plain().endsWith("…"));
    }

    @Test
    void aDecidedPromptEndsWithItsOutcome() {
        PromptText decided = tool("Bash", "{\"command\":\"ls\"}").closedWith("✅ Allowed");
        assertTrue(decided.html().endsWith("</pre>\n\n✅ Allowed"), decided.html());
        assertTrue(decided.plain().endsWith("ls\n\n✅ Allowed"), decided.plain());
    }

    @Test
    void aQuestionShowsItsHeaderAndText() {
        PromptText text = PromptText.of("demo", new Question(Question.Kind.QUESTION, "AskUserQuestion",
                json("{\"question\":\"Tabs or spaces?\",\"header\":\"Style\"}"), List.of()));
        assertEquals("❓ demo: Claude asks\nStyle\nTabs or spaces?", text.plain());
    }
}
