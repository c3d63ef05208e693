package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import io.logintelemetry.it.harness.WebappBuilder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent in a stock Tomcat 11 whose webapp already carries the drop-in filter jar (which then
 * stays idle: requests are counted once), calls the public API itself (the calls reach the agent's
 * engine), and has its own Caffeine 3.1.8 and Byte Buddy 1.14.18 in WEB-INF/lib (they keep working
 * next to the agent's relocated copies).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat11AgentWithAppLibsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String METRICS = "io.logintelemetry:type=Metrics,context=\"/app\"";

    private StockTomcat tomcat;
    private AgentFlagLog flags;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11AgentWithAppLibsIT");
        Path app = WebappBuilder.testApp().withSourceSet("custom-login").withSourceSet("foreign-libs")
                .buildIn(work.resolve("app"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(System.getProperty("foreign.libs.dir")), "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, app.resolve("WEB-INF/lib").resolve(jar.getFileName()));
            }
        }
        tomcat = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .user("erin", "erin-secret")
                .deploy("app", app)
                .jmx()
                .start(work);
        flags = new AgentFlagLog(tomcat.agentLog());
        tomcat.awaitAgentLog("Login Telemetry started for /app", WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void theFilterInTheAppStaysIdleAndEachRequestCountsOnce() throws Exception {
        assertThat(tomcat.console()).contains("Login Telemetry filter in /app stays idle");
        FormLoginClient erin = new FormLoginClient(tomcat.uri("/app")).forwardedFor("192.0.2.10");
        assertThat(erin.login("erin", "erin-secret").status()).isEqualTo(200);
        long before = tomcat.jmxLong(METRICS, "Events");
        for (int i = 0; i < 10; i++) {
            assertThat(erin.get("/app/hello").body()).isEqualTo("hello erin\n");
        }
        assertThat(tomcat.jmxLong(METRICS, "Events") - before)
                .as("one request event per request: not one per filter, nor one of the filter and one of the agent")
                .isEqualTo(10);
    }

    @Test
    void theAppsCallsOfThePublicApiReachTheAgentsEngine() {
        for (int n = 1; n <= 4; n++) {
            FormLoginClient browser = new FormLoginClient(tomcat.uri("/app")).forwardedFor("203.0." + (130 + n) + ".1");
            FormLoginClient.Exchange answer = browser.post("/custom/login", Map.of("user", "frank", "password", "correct horse"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).startsWith("welcome=frank");
        }
        flags.await(f -> "ip.churn".equals(f.path("signal").asText()) && "frank".equals(f.path("account").asText()), WAIT);
        FormLoginClient any = new FormLoginClient(tomcat.uri("/app"));
        assertThat(any.get("/custom/level?account=frank").body()).as("levelOf answered by the agent's engine")
                .isIn("medium\n", "high\n");
        assertThat(any.get("/custom/level?account=nobody").body()).isEqualTo("low\n");
    }

    @Test
    void theAppsOwnCaffeineAndByteBuddyStillWork() {
        FormLoginClient.Exchange answer = new FormLoginClient(tomcat.uri("/app")).get("/public/libs");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body())
                .contains("caffeine=3.1.8").contains("caffeine.get=cached")
                .containsPattern("bytebuddy=.*1\\.14\\.18").contains("bytebuddy.made=io.logintelemetry.it.foreign.Made");
    }
}
