package ccgateway.supervision.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Measured on Payara Micro 6.2025.10: on SIGTERM the web module is stopped (this listener runs),
 * but the JVM exits without destroying EJBs or CDI beans, so a {@code @PreDestroy} alone would
 * leave every child running. The supervisor's shutdown therefore starts here, while the EJB
 * container is still up; its {@code @PreDestroy} covers a regular undeploy.
 */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    Supervisor supervisor;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        supervisor.shutdown();
    }
}
