package ccgateway.sessions.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A session's metadata (SPEC §7). {@code claudeSessionId} is its history: with it a suspended
 * session can be resumed; {@code pid} and {@code pidStartTime} identify its process even after a
 * gateway crash, and together they make sure a reused pid is never taken for ours.
 */
public record Session(String name, String persona, String model, SessionStatus status, Long pid, String pidStartTime,
        long idleTimeoutSeconds, Instant created, Instant lastActive, String claudeSessionId, long chatId, double costUsd,
        long owner, String permissionMode) {

    /** No owner recorded (a data dir from before owners): the first allowed user's (SPEC §10). */
    public static final long NO_OWNER = 0;
    public static final String DEFAULT_MODE = "default";

    /** Json.createX looks the provider up through ServiceLoader on every call (slow in Payara): once. */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static Session create(String name, String persona, String model, long idleTimeoutSeconds, long chatId, Instant now) {
        return new Session(name, persona, model == null ? "" : model, SessionStatus.SUSPENDED, null, null,
                idleTimeoutSeconds, now, now, null, chatId, 0, NO_OWNER, DEFAULT_MODE);
    }

    public boolean hasHistory() {
        return claudeSessionId != null && !claudeSessionId.isEmpty();
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }

    public Session started(long newPid, String startTime, Instant now) {
        return new Session(name, persona, model, SessionStatus.ACTIVE, newPid, startTime, idleTimeoutSeconds, created, now,
                claudeSessionId, chatId, costUsd, owner, permissionMode);
    }

    public Session suspended() {
        return new Session(name, persona, model, SessionStatus.SUSPENDED, null, null, idleTimeoutSeconds, created, lastActive,
                claudeSessionId, chatId, costUsd, owner, permissionMode);
    }

    public Session touched(long inChat, Instant now) {
        return new Session(name, persona, model, status, pid, pidStartTime, idleTimeoutSeconds, created, now,
                claudeSessionId, inChat, costUsd, owner, permissionMode);
    }

    public Session withHistory(String id) {
        return new Session(name, persona, model, status, pid, pidStartTime, idleTimeoutSeconds, created, lastActive,
                id, chatId, costUsd, owner, permissionMode);
    }

    /**
     * Claude reports {@code total_cost_usd} as the running total of the whole conversation: it grows
     * turn by turn in one process and carries on after {@code --resume} (measured on 2.1.328). So it
     * replaces the recorded cost rather than adding to it; a lower figure (an error result reports 0)
     * never takes cost away.
     */
    public Session withConversationCost(double runningTotalUsd) {
        return new Session(name, persona, model, status, pid, pidStartTime, idleTimeoutSeconds, created, lastActive,
                claudeSessionId, chatId, Math.max(costUsd, runningTotalUsd), owner, permissionMode);
    }

    /**
     * True when the two differ, but only in what changes at every message and turn: last active,
     * chat and cost. Such a change is bookkeeping that the next turn repeats, not state a restart
     * needs (history, process, settings): it may reach the disk a little later.
     */
    public boolean differsOnlyInActivity(Session other) {
        return !equals(other) && equals(new Session(other.name, other.persona, other.model, other.status, other.pid,
                other.pidStartTime, other.idleTimeoutSeconds, other.created, lastActive, other.claudeSessionId, chatId, costUsd,
                other.owner, other.permissionMode));
    }

    public Session withModel(String newModel) {
        return new Session(name, persona, newModel == null ? "" : newModel, status, pid, pidStartTime, idleTimeoutSeconds,
                created, lastActive, claudeSessionId, chatId, costUsd, owner, permissionMode);
    }

    public Session ownedBy(long user) {
        return new Session(name, persona, model, status, pid, pidStartTime, idleTimeoutSeconds, created, lastActive,
                claudeSessionId, chatId, costUsd, user, permissionMode);
    }

    public Session withPermissionMode(String mode) {
        return new Session(name, persona, model, status, pid, pidStartTime, idleTimeoutSeconds, created, lastActive,
                claudeSessionId, chatId, costUsd, owner, mode);
    }

    public boolean hasOwner() {
        return owner != NO_OWNER;
    }

    public Session withIdleTimeout(long seconds) {
        return new Session(name, persona, model, status, pid, pidStartTime, seconds, created, lastActive,
                claudeSessionId, chatId, costUsd, owner, permissionMode);
    }

    public String toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("name", name)
                .add("persona", persona)
                .add("model", model)
                .add("status", status.json())
                .add("idleTimeoutSeconds", idleTimeoutSeconds)
                .add("created", created.toString())
                .add("lastActive", lastActive.toString())
                .add("chatId", chatId)
                .add("costUsd", costUsd)
                .add("owner", owner)
                .add("permissionMode", permissionMode);
        json.add("pid", pid == null ? JsonValue.NULL : JSON.createValue(pid));
        json.add("pidStartTime", pidStartTime == null ? JsonValue.NULL : JSON.createValue(pidStartTime));
        json.add("claudeSessionId", claudeSessionId == null ? JsonValue.NULL : JSON.createValue(claudeSessionId));
        return json.build().toString();
    }

    /** @throws RuntimeException (JsonException, ClassCastException, DateTimeParseException…) when it is not a session */
    public static Session fromJson(JsonObject json) {
        return new Session(json.getString("name"), json.getString("persona"), json.getString("model", ""),
                SessionStatus.fromJson(json.getString("status")), optionalLong(json, "pid"), optionalString(json, "pidStartTime"),
                json.getJsonNumber("idleTimeoutSeconds").longValueExact(), Instant.parse(json.getString("created")),
                Instant.parse(json.getString("lastActive")), optionalString(json, "claudeSessionId"),
                json.getJsonNumber("chatId").longValueExact(), json.getJsonNumber("costUsd").doubleValue(),
                Optional.ofNullable(optionalLong(json, "owner")).orElse(NO_OWNER), json.getString("permissionMode", DEFAULT_MODE));
    }

    private static Long optionalLong(JsonObject json, String key) {
        JsonValue value = json.get(key);
        return value instanceof JsonNumber number ? number.longValueExact() : null;
    }

    private static String optionalString(JsonObject json, String key) {
        JsonValue value = json.get(key);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING ? json.getString(key) : null;
    }
}
