package ccgateway.telegram.control;

import com.pengrad.telegrambot.model.Chat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What becomes of a message or a press, decided before anything of the chat exists (SPEC §10
 * "Chats"): a private chat is served for allowed users; a group only when listed, and then only
 * for allowed users; the bot leaves an unlisted group. Strangers are silent in groups and told
 * {@code Not authorized.} at most once an hour in private, so a stranger can make the bot neither
 * talk into a group nor keep a chat's state alive.
 */
@ApplicationScoped
public class Admission {

    public enum Verdict {
        /** Handed on, on the chat's lane. */
        SERVE,
        /** A stranger told {@code Not authorized.} (a message in private; a press's answer anywhere). */
        REFUSE,
        /** Nothing at all: a stranger in a group, or one already told this hour. */
        IGNORE,
        /** The bot leaves the chat: a group not in {@code telegram.allowed-chats}. */
        LEAVE
    }

    static final Duration REFUSAL_WINDOW = Duration.ofHours(1);
    /** Strangers remembered per hour; beyond, the next ones are not answered at all (a flood gets silence). */
    static final int REMEMBERED_STRANGERS = 10_000;

    @Inject
    Allowlist allowlist;

    private final OnceEvery told;

    public Admission() {
        this(System::currentTimeMillis);
    }

    Admission(LongSupplier clockMillis) {
        told = new OnceEvery(REFUSAL_WINDOW, REMEMBERED_STRANGERS, clockMillis);
    }

    /** The rule itself, without the memory of who was told. */
    static Verdict rule(boolean privateChat, boolean chatListed, boolean userAllowed) {
        if (!privateChat && !chatListed) {
            return Verdict.LEAVE;
        }
        if (userAllowed) {
            return Verdict.SERVE;
        }
        return privateChat ? Verdict.REFUSE : Verdict.IGNORE;
    }

    /** A message: a stranger in private is refused once an hour, then ignored. */
    public Verdict message(Chat.Type type, long chatId, long userId) {
        Verdict verdict = rule(isPrivate(type, chatId), allowlist.listsChat(chatId), allowlist.allows(userId));
        if (verdict == Verdict.REFUSE && !told.first(userId)) {
            return Verdict.IGNORE;
        }
        return verdict;
    }

    /** A press: its answer is shown to the presser alone, so a stranger's is always refused (the spinner stops). */
    public Verdict press(Chat.Type type, long chatId, long userId) {
        Verdict verdict = rule(isPrivate(type, chatId), allowlist.listsChat(chatId), allowlist.allows(userId));
        return verdict == Verdict.IGNORE ? Verdict.REFUSE : verdict;
    }

    /** The bot was made a member of a chat: stays only in private chats and listed groups. */
    public boolean mustLeave(Chat.Type type, long chatId) {
        return !isPrivate(type, chatId) && !allowlist.listsChat(chatId);
    }

    /** Telegram names every chat's type; without one, the id tells: a person's is positive, a group's negative. */
    static boolean isPrivate(Chat.Type type, long chatId) {
        return type == null ? chatId > 0 : type == Chat.Type.Private;
    }

    int strangersRemembered() {
        return told.remembered();
    }
}
