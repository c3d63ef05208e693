package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.ServerLog;
import io.logintelemetry.it.harness.WebappBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One container per test class, serving several differently configured copies of the test app:
 * subclasses add users and apps in {@link #deployApps()}. Account names carry the container's name
 * (the flag log is shared by the JVM), and {@link #logMark} is where this class's part of the shared
 * server log begins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerTests {

    static final String PASSWORD = "correct horse";
    static final String TRUSTED_PROXIES = "127.0.0.1/32,::1/128";
    /** Flags and audit lines are written by the filter's own threads: how long to wait for a line. */
    static final Duration LOG_WAIT = Duration.ofSeconds(10);
    /** Four addresses in four /24 networks: ip.churn's default limit. */
    static final List<String> FOUR_NETWORKS = List.of("198.51.100.7", "203.0.113.9", "192.0.2.33", "198.18.5.1");

    Path workDir;
    Container container;
    /** Start of this class's lines in the server log. */
    int logMark;

    /** The container under test, with its working files under {@code workDir}. */
    abstract Container createContainer(Path workDir);

    /** Adds users and deploys apps; the container is not started yet. */
    abstract void deployApps();

    @BeforeAll
    void startContainer() throws Exception {
        workDir = Files.createTempDirectory("logintelemetry-it-");
        container = createContainer(workDir.resolve("container"));
        deployApps();
        logMark = ServerLog.mark();
        container.start();
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
        if (workDir != null) {
            try (Stream<Path> walk = Files.walk(workDir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // Leftover temporary files must not fail the tests.
            }
        }
    }

    void deploy(String contextPath, WebappBuilder app) {
        container.deploy(contextPath, app.buildIn(workDir.resolve("webapps").resolve(contextPath.substring(1))));
    }

    /** An account name unique to this container class. */
    String account(String name) {
        return container.name() + "-" + name;
    }

    /** Adds container users (for the apps' FORM login) named by {@link #account}. */
    void addUsers(String... names) {
        for (String name : names) {
            container.addUser(account(name), PASSWORD);
        }
    }

    FormLoginClient browser(String contextPath) {
        return new FormLoginClient(container.uri(contextPath));
    }

    /** Server log lines of this class's container (since it started). */
    List<String> serverLog() {
        return ServerLog.linesSince(logMark);
    }
}
