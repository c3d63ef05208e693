package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.AgentJar;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.RemoteJmx;
import io.logintelemetry.it.harness.StockTomcat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Spring Boot 4 executable jar (embedded Tomcat 11, Spring Security form login; built on its own
 * in integration-tests/apps/spring-boot-app) run with {@code java -javaagent:... -jar app.jar}:
 * logins, failed logins and logouts are seen, and flags raised, with no change to the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootAgentIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String METRICS = "io.logintelemetry:type=Metrics,context=\"/\"";

    private Process app;
    private int port;
    private int jmxPort;
    private Path work;
    private Path agentLog;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "SpringBootAgentIT");
        agentLog = work.resolve("logintelemetry-agent.log");
        Path properties = work.resolve("logintelemetry.properties");
        Files.writeString(properties, "logintelemetry.proxy.trusted=127.0.0.1/32\nlogintelemetry.agent.log-file=" + agentLog + "\n",
                StandardCharsets.UTF_8);
        port = StockTomcat.freePort();
        jmxPort = StockTomcat.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RemoteJmx.options(jmxPort));
        command.add("-javaagent:" + AgentJar.path() + "=config=" + properties);
        command.addAll(List.of("-jar", System.getProperty("spring-boot-app.jar"),
                "--server.port=" + port, "--server.address=127.0.0.1"));
        app = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("console.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!accepting()) {
            assertThat(app.isAlive()).as("the app runs: %s", console()).isTrue();
            assertThat(System.nanoTime()).as("the app opens its port: %s", console()).isLessThan(deadline);
            Thread.sleep(200);
        }
        // Spring initialises its DispatcherServlet, and so our engine, with the first request.
        new FormLoginClient(uri()).get("/public/ping");
        awaitLog("Login Telemetry started for /");
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void loginsFromFourNetworksAreFlagged() throws Exception {
        for (int n = 1; n <= 4; n++) {
            FormLoginClient browser = new FormLoginClient(uri()).forwardedFor("203.0." + (140 + n) + ".2");
            FormLoginClient.Exchange landed = login(browser, "sam", "sam-secret");
            assertThat(landed.body()).isEqualTo("hello sam\n");
        }
        new AgentFlagLog(agentLog).await(f -> "ip.churn".equals(f.path("signal").asText())
                && "sam".equals(f.path("account").asText()) && f.path("evidence").toString().contains("203.0.144.0/24"), WAIT);
    }

    @Test
    void aFailedLoginAndALogoutAreSeen() throws Exception {
        Map<String, Long> before = RemoteJmx.mapAttribute(jmxPort, METRICS, "EventsByType");
        FormLoginClient browser = new FormLoginClient(uri()).forwardedFor("192.0.2.55");
        FormLoginClient.Exchange refused = login(browser, "tess", "wrong");
        assertThat(refused.uri().getRawQuery()).isEqualTo("error");
        assertThat(login(browser, "tess", "tess-secret").body()).isEqualTo("hello tess\n");
        FormLoginClient.Exchange out = browser.post("/logout", Map.of());
        assertThat(out.uri().getRawQuery()).isEqualTo("logout");
        assertThat(browser.getOnce("/hello").status()).as("logged out").isEqualTo(302);

        Map<String, Long> after = RemoteJmx.mapAttribute(jmxPort, METRICS, "EventsByType");
        assertThat(delta(before, after, "login")).as("one failed and one successful login").isEqualTo(2);
        assertThat(delta(before, after, "logout")).as("the logout").isGreaterThanOrEqualTo(1);
        assertThat(Files.readString(agentLog)).doesNotContain("ERROR");
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String type) {
        return after.getOrDefault(type, 0L) - before.getOrDefault(type, 0L);
    }

    /** Spring Security's form login: the login page, POST /login, then the page asked for. */
    private static FormLoginClient.Exchange login(FormLoginClient browser, String user, String password) {
        browser.getOnce("/hello");
        return browser.post("/login", Map.of("username", user, "password", password));
    }

    private java.net.URI uri() {
        return java.net.URI.create("http://127.0.0.1:" + port);
    }

    private void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(Files.exists(agentLog) && Files.readString(agentLog).contains(text))) {
            assertThat(System.nanoTime()).as("agent log says %s; console: %s", text, console()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String console() {
        try {
            return Files.readString(work.resolve("console.out"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
