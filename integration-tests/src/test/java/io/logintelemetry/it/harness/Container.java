package io.logintelemetry.it.harness;

import java.net.URI;
import java.nio.file.Path;

/**
 * A servlet container the tests drive over real HTTP. One instance serves several web apps (one per
 * context path, each with its own filter configuration) and one user realm shared by all of them;
 * every user has the role {@code user} that the app's security constraint asks for.
 *
 * <p>Order of use: {@link #addUser} and {@link #deploy} as often as needed, then {@link #start},
 * then requests to {@link #uri}, then {@link #close}.
 */
public interface Container extends AutoCloseable {

    /** The role every test user has. */
    String ROLE = "user";

    /** Longest request header the containers accept; above the defaults (8 KiB) so 10 KB values reach the filter. */
    int MAX_REQUEST_HEADER_BYTES = 64 * 1024;

    /** For test names and messages: "tomcat", "jetty". */
    String name();

    void addUser(String name, String password);

    void deploy(String contextPath, Path explodedWar);

    /**
     * Deploys like {@link #deploy}, but the web app's class loader cannot see {@code org.slf4j}, as in
     * an app without SLF4J: the filter must then log through java.util.logging.
     */
    void deployWithoutSlf4j(String contextPath, Path explodedWar);

    /** Starts on a free port of 127.0.0.1; fails if any web app did not start. */
    void start() throws Exception;

    /** http://127.0.0.1:port/contextPath */
    default URI uri(String contextPath) {
        return URI.create("http://127.0.0.1:" + port() + contextPath);
    }

    int port();

    /** Stops the container; unchecked, so try-with-resources and @AfterAll need no exception plumbing. */
    @Override
    void close();
}
