package ccgateway.conversation.entity;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What only a live process can tell about its session (SPEC §9 {@code /status}): what it is doing,
 * its pid and uptime, and how full Claude's context is (when the CLI answered in time).
 */
public record LiveStatus(State state, long pid, Duration uptime, OptionalInt contextPercent, OptionalLong contextMaxTokens) {

    public enum State {
        WORKING("working"), IDLE("idle"), WAITING("waiting for your answer");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
