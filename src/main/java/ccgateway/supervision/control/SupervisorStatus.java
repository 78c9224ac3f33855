package ccgateway.supervision.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the supervisor has finished its startup cleanup and is still running. Kept outside the
 * EJB so that health probes and the webhook can ask while the EJB is still initialising (a call
 * into it then fails) without waiting for its lock.
 */
@ApplicationScoped
public class SupervisorStatus {

    private volatile boolean started;
    private volatile boolean stopped;

    public void started() {
        started = true;
    }

    public void stopped() {
        stopped = true;
    }

    public boolean isStarted() {
        return started && !stopped;
    }

    public boolean isRunning() {
        return !stopped;
    }

    /** Startup probe semantics: once the cleanup is over it stays over. */
    public boolean hasStarted() {
        return started;
    }
}
