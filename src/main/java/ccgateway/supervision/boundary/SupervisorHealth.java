package ccgateway.supervision.boundary;

import ccgateway.supervision.control.SupervisorStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: the supervisor runs. Started: the startup orphan cleanup is over (SPEC §8). */
@ApplicationScoped
public class SupervisorHealth {

    @Inject
    SupervisorStatus status;

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.named("supervisor").status(status.isRunning()).build();
    }

    @Produces
    @org.eclipse.microprofile.health.Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("orphan-cleanup").status(status.hasStarted()).build();
    }
}
