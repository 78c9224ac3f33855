package ccgateway.about.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code GET /version}: the version the build stamped into {@code version.properties}. */
@Path("version")
@ApplicationScoped
public class VersionResource {

    static final String VERSION = read();

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = VersionResource.class.getResourceAsStream("/ccgateway/about/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
