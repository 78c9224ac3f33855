package ccgateway;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Activates JAX-RS at the context root: the webhook lives at {@code /telegram/webhook}. */
@ApplicationPath("/")
public class JAXRSConfiguration extends Application {
}
