/**
 * Supervision of the {@code claude} child processes: starting, reading their stream-json output,
 * and ending them — including everything they started.
 * <p>
 * Exactly one lifecycle owner (the supervisor singleton) starts and stops child processes, so no
 * two code paths can race to start or kill a session's process. Every child is started with an
 * environment marker ({@code CCGATEWAY_HOME}, {@code CCGATEWAY_SESSION}) that all its descendants
 * inherit, and its pid and start time are recorded in the session's metadata: after a gateway
 * crash, orphans are found through {@code /proc/<pid>/environ} even when Claude's tools moved them
 * into process groups of their own, and a pid reused by an unrelated process is never killed,
 * because both the start time and the marker must match.
 */
package ccgateway.supervision;
