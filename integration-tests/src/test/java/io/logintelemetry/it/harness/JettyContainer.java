package io.logintelemetry.it.harness;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.security.Credential;

/**
 * Embedded Jetty 12 (ee10). Each web app is a {@link WebAppContext} with Jetty's standard
 * configurations (WEB-INF, web.xml, META-INF scanning of WEB-INF/lib, web-fragment.xml) plus
 * annotations, which also runs {@code ServletContainerInitializer}s: the filter may activate itself
 * either way. One {@link HashLoginService} registered on the server serves every app's realm.
 */
public final class JettyContainer implements Container {

    /** The realm-name in the test app's web.xml. */
    private static final String REALM = "it-realm";

    private final Server server = new Server();
    private final ServerConnector connector;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final UserStore users = new UserStore();

    public JettyContainer() {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        HashLoginService loginService = new HashLoginService(REALM);
        loginService.setUserStore(users);
        server.addBean(loginService); // found by every app's security handler through its realm name
        server.setHandler(contexts);
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public void addUser(String name, String password) {
        users.addUser(name, Credential.getCredential(password), new String[] {ROLE});
    }

    @Override
    public void deploy(String contextPath, Path explodedWar) {
        contexts.addHandler(webapp(contextPath, explodedWar));
    }

    @Override
    public void deployWithoutSlf4j(String contextPath, Path explodedWar) {
        WebAppContext webapp = webapp(contextPath, explodedWar);
        webapp.addHiddenClassMatcher(new ClassMatcher("org.slf4j."));
        contexts.addHandler(webapp);
    }

    private static WebAppContext webapp(String contextPath, Path explodedWar) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(explodedWar.toAbsolutePath().toString());
        webapp.addConfiguration(new AnnotationConfiguration());
        // A web app that fails to start (e.g. a filter whose init throws) must fail the test run,
        // not leave a context answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    @Override
    public void start() throws Exception {
        server.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
