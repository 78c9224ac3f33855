/**
 * Supervision of the {@code claude} child processes: starting them, reading their stream-json
 * output, reaping orphans at start, and ending them — including everything they started — one at a
 * time or all at once when the gateway stops. What a process is used for (turns) is the
 * conversation's business.
 * <p>
 * Exactly one place admits and ends child processes ({@code Children}); the supervisor singleton
 * drives it at the two ends of the gateway's life (reaping in {@code @PostConstruct}, ending all in
 * the shutdown), and a session's lane is the only caller in between, so no two code paths can race
 * to start or kill a session's process. Every child is started with an
 * environment marker ({@code CCGATEWAY_HOME}, {@code CCGATEWAY_SESSION}) that all its descendants
 * inherit, and its pid and start time are recorded in the session's metadata: after a gateway
 * crash, orphans are found through {@code /proc/<pid>/environ} even when Claude's tools moved them
 * into process groups of their own, and a pid reused by an unrelated process is never killed,
 * because both the start time and the marker must match.
 */
package ccgateway.supervision;
