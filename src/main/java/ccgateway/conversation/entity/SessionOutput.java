package ccgateway.conversation.entity;

/**
 * What a session has to say to its chat, fired as CDI events by the supervisor and observed by the
 * Telegram side, which decides how it looks. One session's events arrive in order.
 */
public sealed interface SessionOutput {

    String session();

    long chatId();

    /** Claude's answer text (Markdown), as it comes. */
    record Text(String session, long chatId, String text) implements SessionOutput {
    }

    /**
     * A piece of the answer text Claude is writing now (a text delta): the {@link Text} with the
     * whole block follows. For a draft the person sees while Claude writes (SPEC §11); not a message.
     */
    record Writing(String session, long chatId, String delta) implements SessionOutput {
    }

    /** Claude uses a tool; shown compactly. */
    record Tool(String session, long chatId, String name, String summary) implements SessionOutput {
    }

    /** Claude started working on a message: the chat shows "typing…" until the turn ends. */
    record Working(String session, long chatId) implements SessionOutput {
    }

    /**
     * Claude's answer is complete (its {@code result} line was just read): flush the pending text now.
     * Fired on the reader thread, ahead of the turn's bookkeeping; {@link TurnEnded} follows.
     */
    record Answered(String session, long chatId) implements SessionOutput {
    }

    /** The turn is over (or the process is gone): flush everything now; {@code error} is shown when present. */
    record TurnEnded(String session, long chatId, String error) implements SessionOutput {
    }

    /** A message of the gateway's own (resuming, failures), in order with Claude's text. */
    record Notice(String session, long chatId, String text) implements SessionOutput {
    }

    /**
     * Claude asks the person (a tool to approve, a question, a plan): one message with a button per
     * choice. {@code key} names it in the buttons' callback data: unguessable, at most 26 characters.
     */
    record Prompt(String session, long chatId, String key, Question question) implements SessionOutput {
    }

    /** A prompt is answered, withdrawn or timed out: its buttons go and {@code outcome} becomes its last line. */
    record PromptClosed(String session, long chatId, String key, String outcome) implements SessionOutput {
    }
}
