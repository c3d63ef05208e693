package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent in a stock Tomcat distribution, configured as an operator would: users in
 * tomcat-users.xml, {@code -javaagent} in setenv.sh, a properties file trusting the reverse proxy
 * in front (here: the test, on 127.0.0.1). Tomcat's own examples webapp, FORM login to
 * j_security_check, no change to the webapp at all. One Tomcat per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockTomcatAgentContract {

    static final String EXAMPLES = "/examples";
    static final String PROTECTED = "/jsp/security/protected/index.jsp";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String METRICS = "io.logintelemetry:type=Metrics,context=\"/examples\"";

    StockTomcat tomcat;
    AgentFlagLog flags;

    /** The unpacked distribution (system property set by the build). */
    abstract Path distribution();

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), getClass().getSimpleName());
        StockTomcat.Builder b = StockTomcat.of(distribution())
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                // The examples' FORM error page answers a wrong password (200, the name in j_username).
                .config("logintelemetry.login.failure-path", "/jsp/security/protected/error.jsp")
                .config("logintelemetry.login.failure-status", "200")
                .config("logintelemetry.login.username-parameter", "j_username")
                .jmx();
        for (String user : List.of("alice", "fan1", "fan2", "fan3", "fan4", "fan5")) {
            b.user(user, user + "-secret");
        }
        tomcat = b.start(work);
        flags = new AgentFlagLog(tomcat.agentLog());
        tomcat.awaitAgentLog("Login Telemetry started for " + EXAMPLES, WAIT);
        warmUp();
    }

    /**
     * The first request of the examples compiles their JSPs, which on a loaded machine can take
     * longer than a client's timeout: one anonymous request (no account, no event of anybody's)
     * first, retried a bounded number of times.
     */
    private void warmUp() {
        for (int attempt = 1; ; attempt++) {
            try {
                browser("192.0.2.254").get(PROTECTED);
                return;
            } catch (java.io.UncheckedIOException slow) {
                if (attempt == 4) {
                    throw slow;
                }
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    FormLoginClient browser(String clientIp) {
        return new FormLoginClient(tomcat.uri(EXAMPLES)).forwardedFor(clientIp);
    }

    @Test
    void oneAccountLoggingInFromFiveNetworksIsFlaggedWithTheNetworksAsEvidence() {
        List<String> networks = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            String ip = "198.51.100." + (n * 10);
            // Five networks: 198.51.100.0/24 once, then four more /24s.
            String clientIp = n == 1 ? ip : "203.0." + (110 + n) + ".9";
            FormLoginClient.Exchange landed = browser(clientIp).login("alice", "alice-secret", PROTECTED);
            assertThat(landed.status()).as("login %d lands on the protected page", n).isEqualTo(200);
            assertThat(landed.body()).contains("alice");
            networks.add(clientIp.substring(0, clientIp.lastIndexOf('.')) + ".0/24");
        }

        JsonNode flag = flags.await(f -> "ip.churn".equals(f.path("signal").asText())
                && "alice".equals(f.path("account").asText()) && f.path("evidence").path("networks_count").asInt() >= 5, WAIT);
        List<String> seen = new ArrayList<>();
        flag.path("evidence").path("networks").forEach(n -> seen.add(n.asText()));
        assertThat(seen).as("the client networks behind the trusted proxy, not the proxy's own address")
                .containsAll(networks).doesNotContain("127.0.0.0/24");
        assertThat(flag.path("summary").asText()).contains("networks");
        assertThat(flag.path("ip").asText()).isEqualTo("203.0.115.9");
    }

    @Test
    void fiveAccountsBehindOneAddressAreFlagged() {
        for (int n = 1; n <= 5; n++) {
            FormLoginClient.Exchange landed = browser("192.0.2.77").login("fan" + n, "fan" + n + "-secret", PROTECTED);
            assertThat(landed.status()).isEqualTo(200);
            assertThat(landed.body()).contains("fan" + n);
        }
        JsonNode flag = flags.await(f -> "ip.fanout".equals(f.path("signal").asText())
                && "192.0.2.77".equals(f.path("ip").asText()), WAIT);
        assertThat(flag.path("evidence").path("ip").asText()).isEqualTo("192.0.2.77");
        assertThat(flag.path("account").asText()).startsWith("fan");
    }

    @Test
    void theSessionCarriesOneStringOfOursItsKeyAndTheAccount() {
        FormLoginClient browser = browser("192.0.2.202");
        assertThat(browser.login("alice", "alice-secret", PROTECTED).status()).isEqualTo(200);
        // The examples' protected page lists every attribute of the session, with its value.
        String page = browser.get(PROTECTED).body();
        assertThat(page).containsPattern("<td>io\\.logintelemetry\\.session</td>\\s*<td>s-[0-9a-f]{20} alice</td>");
        assertThat(page.split("<td>io\\.logintelemetry\\.", -1)).as("one attribute of ours").hasSize(2);
    }

    @Test
    void aSessionMarkedByAnEarlierBuildKeepsItsLoginAndItsEnd() throws Exception {
        FormLoginClient browser = browser("192.0.2.203");
        assertThat(browser.login("alice", "alice-secret", PROTECTED).status()).isEqualTo(200);
        java.util.regex.Matcher mark = java.util.regex.Pattern.compile("<td>(s-[0-9a-f]{20}) alice</td>")
                .matcher(browser.get(PROTECTED).body());
        assertThat(mark.find()).isTrue();
        // Made into what earlier builds kept (the key alone, the account apart) through the page's own
        // form, which sets a session attribute: the account first, so no request sees a mark without it.
        browser.get(PROTECTED + "?dataName=io.logintelemetry.account&dataValue=alice");
        browser.get(PROTECTED + "?dataName=io.logintelemetry.session&dataValue=" + mark.group(1));
        Map<String, Long> before = tomcat.jmxMap(METRICS, "EventsByType");

        // Our part of this request runs before the page lists the session's attributes.
        String page = browser.get(PROTECTED).body();
        assertThat(page).contains("<td>" + mark.group(1) + " alice</td>").doesNotContain("io.logintelemetry.account");
        assertThat(browser.get(PROTECTED + "?logoff=true").body()).contains("j_security_check");

        Map<String, Long> after = tomcat.jmxMap(METRICS, "EventsByType");
        assertThat(delta(before, after, "login")).as("the same login, carried over").isZero();
        assertThat(delta(before, after, "session_end")).isEqualTo(1);
    }

    @Test
    void aWrongPasswordLogsNobodyIn() {
        FormLoginClient.Exchange answer = browser("192.0.2.200").login("alice", "not-her-password", PROTECTED);
        assertThat(answer.body()).contains("Invalid user name and/or password");
        assertThat(flags.flags().stream().filter(f -> "192.0.2.200".equals(f.path("ip").asText()))).isEmpty();
    }

    @Test
    void aFailedLoginALogoutAndTheEndOfTheSessionAreSeen() throws Exception {
        Map<String, Long> before = tomcat.jmxMap(METRICS, "EventsByType");
        FormLoginClient browser = browser("192.0.2.201");
        assertThat(browser.login("alice", "wrong", PROTECTED).body()).contains("Invalid user name and/or password");
        assertThat(browser.login("alice", "alice-secret", PROTECTED).body()).contains("alice");
        // The examples' own log-off link: the page invalidates the session.
        assertThat(browser.get(PROTECTED + "?logoff=true").body()).contains("j_security_check");

        Map<String, Long> after = tomcat.jmxMap(METRICS, "EventsByType");
        assertThat(delta(before, after, "login")).as("the failed and the successful login").isEqualTo(2);
        assertThat(delta(before, after, "logout")).as("the log-off").isEqualTo(1);
        assertThat(delta(before, after, "session_end")).as("the invalidated session").isEqualTo(1);
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String type) {
        return after.getOrDefault(type, 0L) - before.getOrDefault(type, 0L);
    }

    @Test
    void eachWebappGetsItsOwnEngine() {
        String log = tomcat.agentLogText();
        assertThat(log).contains("Login Telemetry agent installed")
                .contains("Login Telemetry started for /examples")
                .contains("Login Telemetry started for /manager")
                .doesNotContain("ERROR");
        assertThat(tomcat.console()).doesNotContain("Login Telemetry agent NOT installed");
    }
}
