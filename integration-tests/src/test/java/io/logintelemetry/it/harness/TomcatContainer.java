package io.logintelemetry.it.harness;

import jakarta.servlet.ServletRegistration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11. Web apps are deployed with {@link Tomcat#addWebapp}, which runs the full
 * web.xml / web-fragment.xml processing of a real Tomcat (ContextConfig), so the filter's jar in
 * WEB-INF/lib activates itself exactly as it would in production. Users live in the default realm
 * that {@link Tomcat#addUser} fills.
 */
public final class TomcatContainer implements Container {

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final List<Context> contexts = new ArrayList<>();

    public TomcatContainer(Path baseDir) {
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxHttpHeaderSize", String.valueOf(MAX_REQUEST_HEADER_BYTES));
        tomcat.setConnector(connector);
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public void addUser(String name, String password) {
        tomcat.addUser(name, password);
        tomcat.addRole(name, ROLE);
    }

    @Override
    public void deploy(String contextPath, Path explodedWar) {
        addWebapp(contextPath, explodedWar);
    }

    @Override
    public void deployWithoutSlf4j(String contextPath, Path explodedWar) {
        // A web app class loader asks its parent for whatever WEB-INF does not have; this parent
        // pretends SLF4J does not exist.
        addWebapp(contextPath, explodedWar).setParentClassLoader(new HidingClassLoader(getClass().getClassLoader(), "org.slf4j."));
    }

    private Context addWebapp(String contextPath, Path explodedWar) {
        // Tomcat's built-in defaults would also declare the JSP servlet, which is not on our class path
        // (a SEVERE stack trace per app); the app needs only the default servlet for its HTML pages.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(contextPath, explodedWar.toAbsolutePath().toString());
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServletRegistration.Dynamic defaultServlet = servletContext.addServlet("default", DefaultServlet.class);
            defaultServlet.addMapping("/");
            defaultServlet.setLoadOnStartup(1);
        }, null);
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Tomcat.addDefaultMimeTypeMappings(context);
            }
        });
        // Only the app's own WEB-INF/lib matters (that is where the filter's web-fragment.xml is);
        // scanning the whole test class path for fragments and TLDs would only cost time.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        contexts.add(context);
        return context;
    }

    @Override
    public void start() throws Exception {
        tomcat.start();
        // Tomcat logs a failed web app and goes on; a test against a dead app would only see 404s.
        for (Context context : contexts) {
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("Tomcat did not start " + context.getPath() + " (state "
                        + context.getState() + "); see the log above");
            }
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        }
    }
}
