package ccgateway.conversation.control;

import ccgateway.conversation.entity.SessionOutput;
import ccgateway.idling.control.IdleTimers;
import ccgateway.inbox.control.Inbox;
import ccgateway.sessions.control.Sessions;
import ccgateway.sessions.entity.Session;
import ccgateway.supervision.control.Children;
import ccgateway.supervision.control.ClaudeProcess;
import ccgateway.supervision.entity.StreamEvent;
import ccgateway.threads.control.SerialLanes;
import ccgateway.threads.control.Workers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each session's turns. Everything that changes a session's state runs on the session's own lane,
 * one step at a time: a message, an idle timeout, a turn's end, a crash, a stop. Two steps of one
 * session never overlap (no race can start a second process or lose a message), and a slow step of
 * one session (a process stop waits up to the grace) never delays another.
 */
@ApplicationScoped
public class Conversations {

    private static final System.Logger LOG = System.getLogger(Conversations.class.getName());

    @Inject
    Sessions sessions;

    @Inject
    Launcher launcher;

    @Inject
    Children children;

    @Inject
    Approvals approvals;

    @Inject
    IdleTimers idleTimers;

    @Inject
    Workers workers;

    @Inject
    Inbox inbox;

    @Inject
    Event<SessionOutput> output;

    @Inject
    @ConfigProperty(name = "gateway.max-waiting-messages", defaultValue = "20")
    int maxWaiting;

    @Inject
    @ConfigProperty(name = "gateway.max-live-sessions", defaultValue = "8")
    int maxLive;

    static final String NOT_QUEUED = "Claude is still working on your earlier messages; this one was not queued. Use /cancel to stop the turn.";

    private final Map<String, Conversation> live = new ConcurrentHashMap<>();
    private Parked parked;
    private SerialLanes<String> lanes;
    private LiveRoom room;

    @PostConstruct
    void init() {
        lanes = new SerialLanes<>(workers);
        room = new LiveRoom(maxLive);
        parked = new Parked(maxWaiting);
    }

    /** A message for the session from the chat; {@code updateId}: the inbox's, settled here (SPEC §12). */
    public void deliver(String session, long chatId, String text, long updateId) {
        lanes.submit(session, () -> deliverNow(session, chatId, new Letter(text, updateId)));
    }

    /**
     * Archives the session on its lane, after its process ended: a message for it that comes later
     * finds it gone, none can start a claude under the moved directory (SPEC §10).
     * @return how many messages that waited for it were dropped
     */
    public CompletionStage<Integer> archive(String session) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        lanes.submit(session, () -> {
            try {
                Conversation c = live.get(session);
                List<Waiting.Batch<Long>> held = c == null ? List.of() : c.held.takeAll();
                int dropped = held.stream().mapToInt(b -> b.messages().size()).sum();
                held.forEach(b -> inbox.settled(b.key(), b.ids()));
                end(session, "stopped for the archive");
                for (Waiting.Batch<Parked.Target> b : parked.take(session)) {
                    dropped += b.messages().size();
                    inbox.settled(b.key().chatId(), b.ids());
                }
                sessions.archive(session);
                done.complete(dropped);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public void rearm(String session) {
        lanes.submit(session, () -> {
            Conversation c = live.get(session);
            sessions.find(session).filter(s -> c != null).ifPresent(s -> armIdle(s, c));
        });
    }

    /** A press of a prompt's button; {@code NOT_PENDING} when its request is answered, withdrawn or gone. */
    public CompletionStage<Approvals.Outcome> answer(String session, String key, String code) {
        CompletableFuture<Approvals.Outcome> outcome = new CompletableFuture<>();
        onLane(session, c -> outcome.complete(approvals.answer(session, c, key, code)),
                () -> outcome.complete(Approvals.Outcome.NOT_PENDING));
        return outcome;
    }

    /** Runs {@code step} on the session's lane with its live conversation, else {@code notLive} there. */
    void onLane(String session, Consumer<Conversation> step, Runnable notLive) {
        lanes.submit(session, () -> {
            Conversation c = live.get(session);
            if (c != null && c.process.isAlive()) {
                step.accept(c);
            } else {
                notLive.run();
            }
        });
    }

    // ---- steps, each on the session's lane

    void asked(String name, Conversation c, StreamEvent.ControlRequest request) {
        if (live.get(name) != c) {
            return;
        }
        if (!request.subtype().equals("can_use_tool")) {
            refuse(name, c, request);
            return;
        }
        approvals.asked(name, c, request);
        // the person has a whole idle timeout to answer, counted from now
        sessions.find(name).ifPresent(s -> armIdle(s, c));
    }

    private void refuse(String name, Conversation c, StreamEvent.ControlRequest request) {
        LOG.log(System.Logger.Level.INFO, "Session ''{0}'': control request {1} not supported", name, request.subtype());
        try {
            c.channel.refuse(request.requestId(), "ccgateway does not support " + request.subtype());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Session ''{0}'': refusal not written: {1}", name, e.toString());
        }
    }

    void withdrawn(String name, Conversation c, String requestId) {
        approvals.withdrawn(name, c, requestId);
    }

    private void deliverNow(String name, long chatId, Letter text) {
        Optional<Instant> idleSince = sessions.find(name).map(Session::lastActive);
        Optional<Session> found = sessions.update(name, s -> s.touched(chatId, Instant.now()));
        if (found.isEmpty()) {
            notice(name, chatId, "Session '" + name + "' no longer exists. Use /sessions to see the others.");
            inbox.settled(chatId, Letter.ids(List.of(text)));
            return;
        }
        Conversation c = live.get(name);
        if (c == null || !c.process.isAlive()) {
            // in line behind what already waits for a place, then started if there is one
            if (!parked.park(new Parked.Target(name, chatId), text)) {
                notice(name, chatId, NOT_QUEUED);
                inbox.settled(chatId, Letter.ids(List.of(text)));
                return;
            }
            startParked(name, chatId, idleSince.orElse(Instant.now()));
            return;
        }
        accept(name, found.get(), c, chatId, text);
    }

    /** A message for a live process: written, held for the next turn of its chat, or refused past the bound. */
    private void accept(String name, Session session, Conversation c, long chatId, Letter text) {
        c.lastActivity = Instant.now();
        if (chatId == c.chatId && approvals.answerWithText(name, c, text.text())) {
            inbox.settled(chatId, Letter.ids(List.of(text)));
            armIdle(session, c);
            return;
        }
        if (!c.busy) {
            write(name, c, new Waiting.Batch<>(chatId, List.of(text)));
        } else if (c.held.size() >= maxWaiting) {
            notice(name, chatId, NOT_QUEUED);
            inbox.settled(chatId, Letter.ids(List.of(text)));
        } else {
            c.held.add(chatId, text);
        }
        armIdle(session, c);
    }

    /**
     * Starts the session's process for its parked messages when there is a place; else frees the
     * place of the least recently active idle session (on that one's lane) and tries again, or, all
     * being busy, leaves them parked until a turn ends ({@code tell}: the chat to tell so, or 0).
     */
    private void startParked(String name, long tell, Instant idleSince) {
        Conversation c = live.get(name);
        if (c != null && c.process.isAlive()) {
            deliverParked(name, c);
            return;
        }
        if (!parked.any(name)) {
            return;
        }
        Optional<Session> session = sessions.find(name);
        if (session.isEmpty()) {
            parked.take(name).forEach(b -> {
                notice(name, b.key().chatId(), "Session '" + name + "' no longer exists. Use /sessions to see the others.");
                inbox.settled(b.key().chatId(), b.ids());
            });
            retryParked();
            return;
        }
        if (!room.reserve(children.liveCount())) {
            Optional<String> victim = LiveRoom.victim(candidates(), name);
            if (victim.isPresent()) {
                lanes.submit(victim.get(), () -> {
                    suspendForRoom(victim.get());
                    lanes.submit(name, () -> startParked(name, tell, idleSince));
                });
            } else if (tell != 0) {
                notice(name, tell, "All " + room.max() + " live sessions are busy; your message will start when one is free.");
            }
            return;
        }
        Parked.Target first = parked.oldest(name).orElse(new Parked.Target(name, tell));
        try {
            c = launch(session.get(), idleSince, first.chatId());
        } finally {
            room.started();
        }
        if (c == null) {
            // the chat was told why; what waited for this start would only fail the same way. When
            // the gateway is stopping, it stays in the inbox for the next start instead (SPEC §12)
            List<Waiting.Batch<Parked.Target>> dropped = parked.take(name);
            if (!children.isStopping()) {
                dropped.forEach(b -> inbox.settled(b.key().chatId(), b.ids()));
                retryParked();
            }
            return;
        }
        deliverParked(name, c);
    }

    private void deliverParked(String name, Conversation c) {
        for (Waiting.Batch<Parked.Target> batch : parked.take(name)) {
            for (Letter message : batch.messages()) {
                sessions.find(name).ifPresent(s -> accept(name, s, c, batch.key().chatId(), message));
            }
        }
    }

    /** A place may be free (a turn ended, a process ended): the session that waits longest tries again. */
    private void retryParked() {
        parked.oldest().ifPresent(t -> lanes.submit(t.session(), () -> startParked(t.session(), 0, Instant.now())));
    }

    private List<LiveRoom.Candidate> candidates() {
        List<LiveRoom.Candidate> all = new ArrayList<>();
        live.forEach((name, c) -> all.add(new LiveRoom.Candidate(name,
                c.process.isAlive() && !c.busy && c.held.isEmpty() && !c.waitsForThePerson(), c.lastActivity)));
        return all;
    }

    /** On the idle session's own lane, as by its timer; it may have got work meanwhile, then it stays. */
    private void suspendForRoom(String name) {
        Conversation c = live.get(name);
        if (c == null || c.busy || !c.held.isEmpty() || c.waitsForThePerson()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Session ''{0}'' suspended to make room for another (gateway.max-live-sessions {1})",
                name, room.max());
        terminate(name, c);
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, null));
    }

    private Conversation launch(Session session, Instant idleSince, long chatId) {
        Conversation[] self = new Conversation[1];
        Optional<ClaudeProcess> process = launcher.launch(session, idleSince, chatId,
                new ProcessEvents(session.name(), () -> self[0], output, lanes, this));
        if (process.isEmpty()) {
            return null;
        }
        self[0] = new Conversation(process.get(), new ControlChannel(process.get(), workers), session.hasHistory(), chatId, Instant.now());
        live.put(session.name(), self[0]);
        return self[0];
    }

    /**
     * Starts a turn for the chat: everything the turn says goes to that chat. Its messages are
     * marked in the inbox first: from then on they are never written again (SPEC §12).
     */
    private void write(String name, Conversation c, Waiting.Batch<Long> turn) {
        long chatId = turn.key();
        String text = turn.joined();
        inbox.delivering(turn.ids(), name, text);
        try {
            // before the write: the reader thread may see the turn's first words right after it
            c.chatId = chatId;
            c.process.send(text);
            c.busy = true;
            c.turnIds = turn.ids();
            output.fire(new SessionOutput.Working(name, chatId));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': claude no longer reads its input: {1}", name, e.toString());
            c.held.putBack(turn);
        }
    }

    /** The next chat's held messages, as one turn of that chat. */
    private void writeHeld(String name, Conversation c) {
        c.held.next().ifPresent(batch -> write(name, c, batch));
    }

    /** The turn's messages are settled: answered, or the chat was told what became of them (once that has left). */
    private void settleTurn(Conversation c) {
        inbox.settled(c.chatId, c.turnIds);
        c.turnIds = List.of();
    }

    /**
     * Every turn starts with {@code system/init} — also the turns Claude starts by itself, without a
     * message from the user (Claude Code 2.1.328 does when a background command ends). Such a turn
     * makes the session busy too, so that the idle timer does not cut it short.
     */
    void turnStarted(String name, Conversation c, String sessionId) {
        if (live.get(name) == c && !c.busy) {
            c.busy = true;
            c.lastActivity = Instant.now();
            output.fire(new SessionOutput.Working(name, c.chatId));
        }
        if (!sessionId.isEmpty()) {
            sessions.update(name, s -> s.withHistory(sessionId));
        }
    }

    void turnEnded(String name, Conversation c, StreamEvent.Result result, Instant finished) {
        if (live.get(name) != c) {
            return;
        }
        if (result.isError() && c.failedToResume()) {
            resumeFailed(name, c, result.failureReason());
            return;
        }
        c.answered.set(true);
        c.busy = false;
        c.lastActivity = finished;
        boolean stopped = c.interrupted || result.wasAborted();
        c.interrupted = false;
        approvals.withdrawAll(name, c);
        // the turn's last words first: persisting cost and history costs fsyncs the user must not wait for
        output.fire(new SessionOutput.TurnEnded(name, c.chatId,
                result.isError() && !stopped ? "Claude reported an error: " + result.failureReason() : null));
        // after the event: its last words are in the chat's outbox, which the inbox waits for
        settleTurn(c);
        sessions.update(name, s -> {
            Session updated = s.withConversationCost(result.totalCostUsd()).touched(s.chatId(), Instant.now());
            return result.sessionId().isEmpty() ? updated : updated.withHistory(result.sessionId());
        });
        if (!c.held.isEmpty()) {
            writeHeld(name, c);
        }
        sessions.find(name).ifPresent(s -> armIdle(s, c));
        if (!c.busy) {
            retryParked();
        }
    }

    private void resumeFailed(String name, Conversation c, String reason) {
        LOG.log(System.Logger.Level.WARNING, "Session ''{0}'' could not be resumed: {1}", name, reason);
        terminate(name, c);
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, "Could not resume session '" + name + "': " + reason
                + "\nThe session stays suspended; no new conversation was started in its place."));
        settleTurn(c);
        c.held.takeAll().forEach(b -> inbox.settled(b.key(), b.ids()));
    }

    void exited(String name, Conversation c, int exitCode, List<String> stderrTail) {
        if (c == null || live.get(name) != c) {
            return;
        }
        if (children.isStopping()) {
            // ended by the gateway's own shutdown, which marks the session suspended: nothing to
            // report now. The messages that waited stay in the inbox for the next start, and the
            // interrupted turn's chat is told then (SPEC §12)
            live.remove(name, c);
            return;
        }
        if (c.failedToResume()) {
            resumeFailed(name, c, "claude exited with code " + exitCode + tail(stderrTail));
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Session ''{0}'': claude exited unexpectedly with code {1}", name, exitCode);
        terminate(name, c);
        // messages that waited for the crashed turn go to a fresh process, once: only when this one
        // had worked, so that a claude which dies at every start cannot make this a loop
        List<Waiting.Batch<Long>> held = c.held.takeAll();
        boolean redeliver = !held.isEmpty() && c.answered.get();
        String crash = "Claude stopped unexpectedly (exit code " + exitCode + ").";
        String again = redeliver ? "" : "\nYour next message starts it again.";
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, crash + tail(stderrTail) + heldLine(held, c.chatId, redeliver) + again));
        // every other chat whose messages waited behind the turn hears of it too, in its own chat (SPEC §10)
        held.stream().map(Waiting.Batch::key).distinct().filter(chat -> chat != c.chatId)
                .forEach(chat -> notice(name, chat, "⚠️ " + crash + heldLine(held, chat, redeliver) + again));
        settleTurn(c);
        if (!redeliver) {
            held.forEach(b -> inbox.settled(b.key(), b.ids()));
        }
        if (redeliver) {
            for (Waiting.Batch<Long> batch : held) {
                batch.messages().forEach(letter -> deliverNow(name, batch.key(), letter));
            }
        }
    }

    /** What becomes of the messages {@code chat} sent while the crashed turn ran. */
    private static String heldLine(List<Waiting.Batch<Long>> held, long chat, boolean redeliver) {
        int count = held.stream().filter(b -> b.key() == chat).mapToInt(b -> b.messages().size()).sum();
        return count == 0 ? "" : redeliver ? "\nThe " + count + " message(s) sent meanwhile go to a new Claude process."
                : "\n" + count + " message(s) sent meanwhile were not answered.";
    }

    private void notice(String name, long chatId, String text) {
        output.fire(new SessionOutput.Notice(name, chatId, text));
    }

    private static String tail(List<String> stderrTail) {
        return stderrTail.isEmpty() ? "" : "\n" + String.join("\n", stderrTail);
    }

    private void idleTimeout(String name) {
        Conversation c = live.get(name);
        Optional<Session> session = sessions.find(name);
        if (c == null || session.isEmpty()) {
            idleTimers.cancel(name);
            return;
        }
        if (c.waitsForThePerson() && approvals.denyUnanswered(name, c, session.get().idleTimeout(), Instant.now())) {
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': a request waited the whole idle timeout and was denied", name);
        }
        Duration idle = Duration.between(c.lastActivity, Instant.now());
        if (c.busy || !c.held.isEmpty() || idle.compareTo(session.get().idleTimeout()) < 0) {
            armIdle(session.get(), c);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Session ''{0}'' suspended after {1} s idle", name, idle.getSeconds());
        terminate(name, c);
        output.fire(new SessionOutput.TurnEnded(name, c.chatId, null));
    }

    private void armIdle(Session session, Conversation c) {
        Duration idle = Duration.between(c.lastActivity, Instant.now());
        Duration remaining = c.busy ? session.idleTimeout() : session.idleTimeout().minus(idle);
        idleTimers.arm(session.name(), remaining.isNegative() ? Duration.ZERO : remaining,
                () -> lanes.submit(session.name(), () -> idleTimeout(session.name())));
    }

    private void end(String name, String why) {
        Conversation c = live.get(name);
        if (c != null) {
            LOG.log(System.Logger.Level.INFO, "Session ''{0}'': claude {1}", name, why);
            terminate(name, c);
            output.fire(new SessionOutput.TurnEnded(name, c.chatId, null));
        }
        idleTimers.cancel(name);
    }

    /** SPEC §5 terminate, then the session is suspended: pid cleared, timer removed. */
    private void terminate(String name, Conversation c) {
        live.remove(name, c);
        idleTimers.cancel(name);
        approvals.withdrawAll(name, c);
        c.channel.closed();
        children.end(name, c.process);
        sessions.update(name, Session::suspended);
        retryParked();
    }
}
