package ccgateway.telegram.control;

import ccgateway.cluster.control.Forwarding;
import ccgateway.inbox.control.Inbox;
import ccgateway.telegram.entity.Incoming;
import ccgateway.telegram.entity.MessageContent;
import ccgateway.telegram.entity.Press;
import ccgateway.threads.control.SerialLanes;
import ccgateway.threads.control.Workers;
import com.pengrad.telegrambot.model.ChatMember;
import com.pengrad.telegrambot.model.ChatMemberUpdated;
import com.pengrad.telegrambot.model.Update;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes accepted updates from the webhook or the poller, puts them back in {@code update_id}
 * order, and hands each chat's messages and button presses, one at a time, to whoever observes
 * {@link Incoming} or {@link Press}. Who is served is decided here ({@link Admission}), before
 * anything else can see what strangers sent or pressed, and before their chat gets a lane.
 */
@ApplicationScoped
public class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    static final Duration GAP_HOLD = Duration.ofMillis(500);
    public static final String NOT_AUTHORIZED = "Not authorized.";
    /** What the gateway asks Telegram for (webhook and polling): messages, presses, and being added to a chat. */
    public static final List<String> UPDATE_TYPES = List.of("message", "callback_query", "my_chat_member");

    @Inject
    Workers workers;

    @Inject
    Admission admission;

    @Inject
    UnlistedGroups groups;

    @Inject
    BotUsername username;

    @Inject
    Outbox outbox;

    @Inject
    Inbox inbox;

    @Inject
    Forwarding forwarding;

    @Inject
    Event<Incoming> incoming;

    @Inject
    Event<Press> pressed;

    private UpdateSequencer<Update> sequencer;
    private SerialLanes<Long> lanes;

    @PostConstruct
    void init() {
        sequencer = new UpdateSequencer<>(GAP_HOLD, System::currentTimeMillis);
        inbox.highestAtStart().ifPresent(h -> sequencer.expect(h + 1));
        lanes = new SerialLanes<>(workers);
    }

    /**
     * Records the update (durable when this returns) and, the first time its id is seen, routes it.
     * @return false for a repetition, acknowledged and ignored
     * @throws java.io.UncheckedIOException when it cannot be recorded: it is not accepted
     */
    public boolean record(Update update) {
        boolean first = inbox.accept(update);
        if (first) {
            accept(update);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Update {0} seen before; acknowledged, ignored", String.valueOf(update.updateId()));
        }
        return first;
    }

    /** Returns at once: routing only queues; the work happens on container threads. */
    public void accept(Update update) {
        Duration recheck;
        // routed under the lock: two threads releasing one after the other must also hand over in
        // that order, or a chat's messages swap places (seen under load: m1 answered before m0)
        synchronized (this) {
            sequencer.offer(update.updateId(), update).forEach(this::route);
            recheck = sequencer.untilNextRelease();
        }
        if (recheck != null) {
            workers.later(recheck, this::releaseExpired);
        }
    }

    /**
     * The previous run's accepted updates that were never handled, oldest first, before any new
     * one (SPEC §12): they are past the sequencer already, in the order they were accepted.
     */
    public void redeliver(List<Update> updates) {
        synchronized (this) {
            updates.forEach(this::route);
        }
    }

    /**
     * In a cluster: an update the leader recorded and routed here, for a session of this node. It
     * passes no sequencer (the leader's ordered it) and is never forwarded again.
     * @return done once it was handled (on its chat's lane)
     */
    public CompletionStage<Void> handleHere(Update update) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        route(update, false, done);
        return done;
    }

    private void releaseExpired() {
        synchronized (this) {
            sequencer.release().forEach(this::route);
        }
    }

    private void route(Update update) {
        route(update, true, null);
    }

    /**
     * Each update is handled here or on its chat's lane; then it leaves the inbox, unless a session
     * claimed it, or another node of the cluster took it ({@code mayForward}: not yet routed by a leader).
     */
    private void route(Update update, boolean mayForward, CompletableFuture<Void> done) {
        long id = update.updateId();
        if (update.myChatMember() != null) {
            membership(update.myChatMember());
            inbox.handled(id, null);
            complete(done);
            return;
        }
        if (update.callbackQuery() != null) {
            routePress(update, mayForward, done);
            return;
        }
        Optional<Incoming> message = Incoming.from(update);
        if (message.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "Update {0} is not a message; ignored", String.valueOf(id));
            inbox.handled(id, null);
            complete(done);
            return;
        }
        Incoming in = message.get();
        switch (admission.message(update.message().chat().type(), in.chatId(), in.userId())) {
            case SERVE -> {
                MessageContent content = MessageContent.of(update.message());
                lanes.submit(in.chatId(), () -> {
                    Forwarding.Outcome where = Forwarding.Outcome.HERE;
                    try {
                        where = mayForward && forwarding != null ? forwarding.message(update, in) : Forwarding.Outcome.HERE;
                        if (where == Forwarding.Outcome.HERE) {
                            handle(in, content);
                        }
                    } finally {
                        if (where != Forwarding.Outcome.FORWARDED) {
                            inbox.handled(id, in.chatId());
                        }
                        complete(done);
                    }
                });
                return;
            }
            case REFUSE -> {
                refused(in.userId(), in.chatId());
                outbox.send(in.chatId(), NOT_AUTHORIZED);
            }
            case LEAVE -> groups.heardFrom(in.chatId());
            case IGNORE -> ignored(in.userId(), in.chatId());
        }
        inbox.handled(id, in.chatId());
        complete(done);
    }

    private static void complete(CompletableFuture<Void> done) {
        if (done != null) {
            done.complete(null);
        }
    }

    /** The bot's own membership changed: made a member of a group it does not serve, it leaves. */
    private void membership(ChatMemberUpdated change) {
        if (change.chat() == null || change.chat().id() == null || change.newChatMember() == null) {
            return;
        }
        ChatMember.Status status = change.newChatMember().status();
        boolean joined = status == ChatMember.Status.member || status == ChatMember.Status.administrator;
        if (joined && admission.mustLeave(change.chat().type(), change.chat().id())) {
            groups.added(change.chat().id(), change.from() == null || change.from().id() == null ? 0 : change.from().id());
        }
    }

    private void routePress(Update update, boolean mayForward, CompletableFuture<Void> done) {
        Optional<Press> press = Press.from(update);
        if (press.isEmpty()) {
            // nothing to act on, but the person's client shows a spinner until the query is answered
            LOG.log(System.Logger.Level.DEBUG, "Update {0}: a button press without data or message; ignored", String.valueOf(update.updateId()));
            if (update.callbackQuery().id() != null) {
                outbox.answerCallback(update.callbackQuery().id(), null);
            }
            inbox.handled(update.updateId(), null);
            complete(done);
            return;
        }
        Press p = press.get();
        switch (admission.press(update.callbackQuery().maybeInaccessibleMessage().chat().type(), p.chatId(), p.userId())) {
            case SERVE -> {
                lanes.submit(p.chatId(), () -> {
                    Forwarding.Outcome where = Forwarding.Outcome.HERE;
                    try {
                        where = mayForward && forwarding != null ? forwarding.press(update, p) : Forwarding.Outcome.HERE;
                        if (where == Forwarding.Outcome.HERE) {
                            pressed.fire(p);
                        }
                    } finally {
                        if (where != Forwarding.Outcome.FORWARDED) {
                            inbox.handled(update.updateId(), p.chatId());
                        }
                        complete(done);
                    }
                });
                return;
            }
            case LEAVE -> groups.heardFrom(p.chatId());
            default -> {
                refused(p.userId(), p.chatId());
                outbox.answerCallback(p.queryId(), NOT_AUTHORIZED);
            }
        }
        inbox.handled(update.updateId(), p.chatId());
        complete(done);
    }

    private void handle(Incoming in, MessageContent content) {
        if (content == MessageContent.CHAT_EVENT) {
            LOG.log(System.Logger.Level.DEBUG, "Update {0}: a chat event (member, title, pin...); not answered", String.valueOf(in.updateId()));
            return;
        }
        if (content == MessageContent.UNSUPPORTED) {
            outbox.send(in.chatId(), in.threadId(), MessageContent.NOT_SUPPORTED);
            return;
        }
        if (username.addressedElsewhere(in)) {
            LOG.log(System.Logger.Level.DEBUG, "Update {0}: a command for another bot; ignored", String.valueOf(in.updateId()));
            return;
        }
        incoming.fire(in);
    }

    private static void ignored(long userId, long chatId) {
        LOG.log(System.Logger.Level.DEBUG, "Ignored user {0} in chat {1}: a stranger, in a group or told within the hour",
                String.valueOf(userId), String.valueOf(chatId));
    }

    private static void refused(long userId, long chatId) {
        // ids as plain digits: "6,666" cannot be grepped for or pasted into TELEGRAM_ALLOWED_USERS
        LOG.log(System.Logger.Level.INFO, "Refused user {0} in chat {1}: not in telegram.allowed-users",
                String.valueOf(userId), String.valueOf(chatId));
    }
}
