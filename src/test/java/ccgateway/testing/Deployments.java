package ccgateway.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR, as `mvn package` built it, deployed at the context root. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive gateway() {
        File war = new File(System.getProperty("it.build.dir", "target"), "ccgateway.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).as(WebArchive.class);
    }

    /** Base URL of the server root, where both the webhook and /health live. */
    public static String root(java.net.URL deployed) {
        return deployed.getProtocol() + "://127.0.0.1:" + deployed.getPort();
    }
}
