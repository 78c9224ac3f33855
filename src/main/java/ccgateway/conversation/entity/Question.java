package ccgateway.conversation.entity;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What Claude asks the person, for the chat to show with one button per choice: a tool to approve
 * ({@code input} is the tool's input), one question of {@code AskUserQuestion} ({@code input} is
 * that question), or a plan to approve ({@code input} holds the {@code plan}).
 */
public record Question(Kind kind, String tool, JsonObject input, List<Choice> choices) {

    public enum Kind { TOOL, QUESTION, PLAN }

    /** One button: its label, and the short code its callback data carries. */
    public record Choice(String label, String code) {
    }

    public Question {
        choices = List.copyOf(choices);
    }
}
