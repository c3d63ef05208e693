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
import org.junit.jupiter.api.Test;

/**
 * Runtime attach: a stock Tomcat 11 started without the agent, already serving logins, gets the
 * agent from a separate {@code java -jar logintelemetry-agent.jar attach <pid>}; the logins after
 * that are seen and flagged, with nothing restarted.
 */
class Tomcat11AttachIT {

    private static final String EXAMPLES = "/examples";
    private static final String PROTECTED = "/jsp/security/protected/index.jsp";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void loginsAfterAttachAreSeenAndFlagged() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11AttachIT");
        try (StockTomcat tomcat = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .user("carol", "carol-secret")
                .withoutAgentAtStart()
                .start(work)) {
            FormLoginClient before = new FormLoginClient(tomcat.uri(EXAMPLES)).forwardedFor("100.64.1.1");
            assertThat(before.login("carol", "carol-secret", PROTECTED).body()).contains("carol");
            assertThat(tomcat.agentLogText()).as("no agent yet").isEmpty();

            String output = tomcat.attachAgent();
            assertThat(output).contains("loaded into process " + tomcat.pid());
            tomcat.awaitAgentLog("Login Telemetry agent installed at run time", WAIT);
            // The examples webapp started before the agent: its engine starts with its first request.
            new FormLoginClient(tomcat.uri(EXAMPLES)).get("/");
            tomcat.awaitAgentLog("Login Telemetry started for " + EXAMPLES, WAIT);

            List<String> networks = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                String ip = "203.0." + (120 + n) + ".5";
                FormLoginClient.Exchange landed = new FormLoginClient(tomcat.uri(EXAMPLES)).forwardedFor(ip)
                        .login("carol", "carol-secret", PROTECTED);
                assertThat(landed.body()).contains("carol");
                networks.add("203.0." + (120 + n) + ".0/24");
            }
            JsonNode flag = new AgentFlagLog(tomcat.agentLog()).await(f -> "ip.churn".equals(f.path("signal").asText())
                    && "carol".equals(f.path("account").asText()), WAIT);
            List<String> seen = new ArrayList<>();
            flag.path("evidence").path("networks").forEach(x -> seen.add(x.asText()));
            assertThat(seen).as("only logins after the attach").containsExactlyInAnyOrderElementsOf(networks);
            assertThat(tomcat.console()).doesNotContain("Exception");
        }
    }
}
