package ccgateway.system;

import ccgateway.testing.BotApiStub;
import ccgateway.testing.StubLog;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What became of each accepted message (SPEC §12), as its chat saw it and as the stub claude read it:
 * answered ("echo: …" holds its marker), told by the restart notice that quotes the turn it was in,
 * or lost. A message sent while Claude works goes to claude together with the others that waited,
 * joined with a blank line (SPEC §5): the notice then quotes the start of that joined turn.
 */
final class Outcomes {

    static final String RESTARTED = "The gateway restarted while Claude was working on: \"";
    static final String SEND_AGAIN = "\". Send it again if you still need it.";
    static final Pattern NOTICE = Pattern.compile(Pattern.quote(RESTARTED) + "(.*)" + Pattern.quote(SEND_AGAIN), Pattern.DOTALL);
    /** Texts that must never reach a chat any more: the graceful stop's "send it again" and the waiting bound. */
    static final List<String> NEVER = List.of("did not reach Claude", "this one was not queued");

    /** A chat and the session that answers it there. */
    record Chat(String name, long id, long user, String session) {
        boolean isGroup() {
            return id < 0;
        }

        @Override
        public String toString() {
            return name + " (chat " + id + ", session '" + session + "')";
        }
    }

    /** One message: a marker no other message contains, at its start, and the update that carries it. */
    record Sent(Chat chat, String marker, String text, String update) {
        String shortText() {
            return text.length() > 40 ? text.substring(0, 40) + "…" : text;
        }
    }

    private final BotApiStub telegram;
    private final StubLog claude;

    Outcomes(BotApiStub telegram, StubLog claude) {
        this.telegram = telegram;
        this.claude = claude;
    }

    /** The chat's messages as the person reads them (HTML entities undone). */
    List<String> seen(Chat chat) {
        return telegram.messages(chat.id()).stream().map(Outcomes::unescape).collect(Collectors.toList());
    }

    /** Claude's answers in the chat, in order, as one text. */
    String answers(Chat chat) {
        return seen(chat).stream().filter(m -> m.contains("echo: ")).collect(Collectors.joining("\n"));
    }

    /** What each restart notice of the chat quotes, in order. */
    List<String> notices(Chat chat) {
        List<String> quotes = new ArrayList<>();
        for (String m : seen(chat)) {
            Matcher matcher = NOTICE.matcher(m);
            if (matcher.find()) {
                quotes.add(matcher.group(1));
            }
        }
        return quotes;
    }

    /** Every user text written to the session's claude processes (each line one turn), in order. */
    List<String> turns(String session) {
        List<String> turns = new ArrayList<>();
        for (String line : claude.stdin(session)) {
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject json = reader.readObject();
                if ("user".equals(json.getString("type", "")) && json.containsKey("message")) {
                    turns.add(text(json.getJsonObject("message").get("content")));
                }
            } catch (RuntimeException notJson) {
                // not a user line of ours: nothing a message could be in
            }
        }
        return turns;
    }

    long reads(Sent m) {
        return turns(m.chat().session()).stream().filter(t -> t.contains(m.marker())).count();
    }

    int answered(Sent m) {
        return occurrences(answers(m.chat()), m.marker());
    }

    /** How many restart notices of its chat quote the first 60 characters of a turn that held it. */
    long told(Sent m) {
        List<String> held = turns(m.chat().session()).stream().filter(t -> t.contains(m.marker())).collect(Collectors.toList());
        return notices(m.chat()).stream().filter(q -> held.stream().anyMatch(t -> quotes(q, t))).count();
    }

    /** Its answer came before the notice that quotes its turn, in the chat's order. */
    boolean answerBeforeNotice(Sent m) {
        List<String> held = turns(m.chat().session()).stream().filter(t -> t.contains(m.marker())).collect(Collectors.toList());
        List<String> chat = seen(m.chat());
        int answer = -1;
        int notice = -1;
        for (int i = 0; i < chat.size(); i++) {
            String text = chat.get(i);
            if (answer < 0 && text.contains("echo: ") && occurrences(text, m.marker()) > 0) {
                answer = i;
            }
            Matcher matcher = NOTICE.matcher(text);
            if (notice < 0 && matcher.find() && held.stream().anyMatch(t -> quotes(matcher.group(1), t))) {
                notice = i;
            }
        }
        return answer >= 0 && notice > answer;
    }

    static boolean quotes(String quote, String turn) {
        return quote.equals(turn.substring(0, Math.min(60, turn.length())));
    }

    /** Answered or told: nothing more will change for it unless the gateway does something twice. */
    boolean settled(List<Sent> accepted) {
        return accepted.stream().allMatch(m -> answered(m) + told(m) > 0);
    }

    /**
     * Everything a person would call wrong, one line each; empty when every message had exactly one
     * fate. One exception: a single message of the run may be answered and then also announced. A
     * kill right after its answer left for Telegram, before the inbox let go of it (a journal line,
     * or a PostgreSQL commit, later), does that; the send and the commit cannot be one transaction
     * (docs/DESIGN.md, "Windows left open"). A second such message is a problem.
     */
    List<String> problems(List<Sent> accepted) {
        List<String> problems = new ArrayList<>();
        List<Sent> answeredThenAnnounced = new ArrayList<>();
        for (Sent m : accepted) {
            int answered = answered(m);
            long told = told(m);
            long reads = reads(m);
            if (reads > 1) {
                problems.add(m.chat() + ": claude read '" + m.shortText() + "' " + reads + " times: its turn ran again");
            }
            if (answered + told == 0) {
                problems.add(m.chat() + ": '" + m.shortText() + "' was accepted (200) but the chat got neither its answer"
                        + " nor the restart notice: " + diagnosis(m));
            } else if (answered == 1 && told == 1 && answerBeforeNotice(m)) {
                answeredThenAnnounced.add(m);
            } else if (answered > 0 && told > 0) {
                problems.add(m.chat() + ": '" + m.shortText() + "' was answered and also announced as interrupted");
            } else if (answered > 1 || told > 1) {
                problems.add(m.chat() + ": '" + m.shortText() + "' " + (answered > 1 ? "answered " + answered : "announced " + told) + " times");
            }
        }
        if (answeredThenAnnounced.size() > 1) {
            answeredThenAnnounced.forEach(m -> problems.add(m.chat() + ": '" + m.shortText()
                    + "' was answered, then also announced as interrupted (more than the one a kill right after an answer explains)"));
        } else if (!answeredThenAnnounced.isEmpty()) {
            System.out.println("Outcomes: '" + answeredThenAnnounced.get(0).shortText() + "' was answered, then announced too: a kill right after its answer left");
        }
        accepted.stream().map(Sent::chat).distinct().forEach(chat -> {
            problems.addAll(outOfOrder(chat, accepted));
            problems.addAll(strayNotices(chat));
            seen(chat).stream().filter(t -> NEVER.stream().anyMatch(t::contains))
                    .forEach(t -> problems.add(chat + " got: " + t));
        });
        return problems;
    }

    private String diagnosis(Sent m) {
        List<String> held = turns(m.chat().session()).stream().filter(t -> t.contains(m.marker())).collect(Collectors.toList());
        if (held.isEmpty()) {
            return "it never reached claude";
        }
        String turn = held.get(0);
        boolean finished = claude.events().stream()
                .anyMatch(e -> "result".equals(e.getString("event")) && e.getString("text", "").contains(m.marker()));
        return "claude read it in the turn starting \"" + turn.substring(0, Math.min(60, turn.length())) + "\""
                + (finished ? "; the stub claude ended that turn (perhaps after the gateway had died), but no answer reached the chat"
                        : " and never finished that turn")
                + "; the chat's restart notices quote " + notices(m.chat());
    }

    /** The chat's answers follow the order the messages were sent in. */
    private List<String> outOfOrder(Chat chat, List<Sent> accepted) {
        String answers = answers(chat);
        Map<String, Integer> at = new LinkedHashMap<>();
        accepted.stream().filter(m -> m.chat().equals(chat)).forEach(m -> at.put(m.marker(), answers.indexOf(m.marker())));
        List<String> problems = new ArrayList<>();
        String previous = null;
        int last = -1;
        for (Map.Entry<String, Integer> e : at.entrySet()) {
            if (e.getValue() < 0) {
                continue;
            }
            if (e.getValue() < last) {
                problems.add(chat + ": the answer to " + e.getKey() + " came before the answer to " + previous + ", sent earlier");
            }
            previous = e.getKey();
            last = e.getValue();
        }
        return problems;
    }

    /** A notice must quote the start of a turn that was written to claude in that chat's session. */
    private List<String> strayNotices(Chat chat) {
        List<String> turns = turns(chat.session());
        return notices(chat).stream().filter(q -> turns.stream().noneMatch(t -> quotes(q, t)))
                .map(q -> chat + " got a restart notice quoting \"" + q + "\", which is not the first 60 characters of any turn written to claude")
                .collect(Collectors.toList());
    }

    /** A line of the whole story of one chat, for a failure message. */
    String story(Chat chat) {
        return chat + " saw " + seen(chat) + "; claude read " + turns(chat.session());
    }

    private static String text(JsonValue content) {
        if (content instanceof JsonString s) {
            return s.getString();
        }
        return content.asJsonArray().stream().filter(b -> b instanceof JsonObject o && "text".equals(o.getString("type", "")))
                .map(b -> b.asJsonObject().getString("text", "")).collect(Collectors.joining(" "));
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    private static String unescape(String html) {
        return html == null ? "" : html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&");
    }
}
