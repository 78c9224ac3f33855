package ccgateway.chat.control;

import ccgateway.conversation.entity.Question;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * How a prompt reads (SPEC §9): its first line says which session asks for what, then what will
 * happen — a command, the start of a file, a change, a question or a plan — as Telegram HTML, with
 * the same words as plain text for when Telegram refuses the markup.
 */
public record PromptText(String html, String plain) {

    /** About what the prompt shows of a tool's input; a plan gets more room, within one message. */
    static final int DETAIL_LIMIT = 1000;
    static final int PLAN_LIMIT = 3000;
    static final int WRITE_LINES = 10;

    public static PromptText of(String session, Question question) {
        JsonObject input = question.input();
        switch (question.kind()) {
            case QUESTION:
                String header = text(input, "header");
                return new PromptText("❓ <b>" + TelegramHtml.escape(session) + ": Claude asks</b>\n"
                        + (header.isEmpty() ? "" : "<i>" + TelegramHtml.escape(header) + "</i>\n") + TelegramHtml.escape(text(input, "question")),
                        "❓ " + session + ": Claude asks\n" + (header.isEmpty() ? "" : header + "\n") + text(input, "question"));
            case PLAN:
                String plan = cut(text(input, "plan"), PLAN_LIMIT);
                return new PromptText("📋 <b>" + TelegramHtml.escape(session) + ": Claude's plan</b>\n\n" + TelegramHtml.render(plan),
                        "📋 " + session + ": Claude's plan\n\n" + plan);
            default:
                return tool(session, question.tool(), input);
        }
    }

    private static PromptText tool(String session, String tool, JsonObject input) {
        String first = "🔐 " + session + ": Claude wants to use " + tool;
        String path = text(input, "file_path");
        String detail;
        String caption = "";
        if (tool.equals("Bash")) {
            detail = text(input, "command");
            caption = text(input, "description");
        } else if (tool.equals("Write")) {
            caption = path;
            detail = firstLines(text(input, "content"), WRITE_LINES);
        } else if (tool.equals("Edit")) {
            caption = path;
            detail = prefixed(text(input, "old_string"), "- ") + "\n" + prefixed(text(input, "new_string"), "+ ");
        } else {
            detail = input.toString();
        }
        detail = cut(detail, DETAIL_LIMIT);
        String html = "<b>" + TelegramHtml.escape(first) + "</b>\n" + (caption.isEmpty() ? "" : TelegramHtml.escape(caption) + "\n")
                + "<pre>" + TelegramHtml.escape(detail) + "</pre>";
        String plain = first + "\n" + (caption.isEmpty() ? "" : caption + "\n") + detail;
        return new PromptText(html, plain);
    }

    /** The prompt once decided: buttons gone, the outcome its last line. */
    /** The same, starting with {@code label} ({@code [name] } for a session that is not the chat's active one). */
    public PromptText labelled(String label) {
        return label.isEmpty() ? this : new PromptText(TelegramHtml.escape(label) + html, label + plain);
    }

    public PromptText closedWith(String outcome) {
        return new PromptText(html + "\n\n" + TelegramHtml.escape(outcome), plain + "\n\n" + outcome);
    }

    private static String firstLines(String content, int lines) {
        String[] all = content.split("\n", -1);
        if (all.length <= lines) {
            return content;
        }
        return String.join("\n", java.util.Arrays.copyOf(all, lines)) + "\n… (" + (all.length - lines) + " more lines)";
    }

    private static String prefixed(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }

    static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end) + "…";
    }

    private static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString ? ((JsonString) value).getString() : "";
    }
}
