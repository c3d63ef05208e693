package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.RedisProcess;
import io.logintelemetry.it.harness.StockTomcat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two stock Tomcat 11 servers behind one load balancer, each with the agent and
 * {@code state.store=redis} on one real redis-server: the Redis store comes inside the agent jar
 * (Lettuce, Netty and Reactor relocated), and the examples webapp needs no change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat11AgentRedisIT {

    private static final String EXAMPLES = "/examples";
    private static final String PROTECTED = "/jsp/security/protected/index.jsp";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SHARED_ADDRESS = "192.0.2.88";

    private RedisProcess redis;
    private final List<StockTomcat> servers = new ArrayList<>();
    private final List<AgentFlagLog> logs = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), getClass().getSimpleName());
        redis = RedisProcess.start(work.resolve("redis"));
        for (String name : List.of("a", "b")) {
            StockTomcat.Builder b = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                    .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                    .config("logintelemetry.node", "agent-" + name)
                    .config("logintelemetry.state.store", "redis")
                    .config("logintelemetry.state.redis.uri", redis.uri());
            for (int n = 1; n <= 5; n++) {
                b.user("fan" + n, "fan" + n + "-secret");
            }
            StockTomcat server = b.start(work.resolve(name));
            servers.add(server);
            logs.add(new AgentFlagLog(server.agentLog()));
            server.awaitAgentLog("Login Telemetry started for " + EXAMPLES, WAIT);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (StockTomcat s : servers) {
            s.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void accountsBehindOneAddressSplitOverTwoServersAreFlaggedOnceThroughRedis() throws Exception {
        // Five accounts behind one address within a day: three log in on server a, two on b. Neither
        // server alone reaches ip.fanout's five; their shared state does.
        for (int n = 1; n <= 5; n++) {
            StockTomcat server = servers.get(n % 2 == 1 ? 0 : 1);
            FormLoginClient.Exchange landed = new FormLoginClient(server.uri(EXAMPLES)).forwardedFor(SHARED_ADDRESS)
                    .login("fan" + n, "fan" + n + "-secret", PROTECTED);
            assertThat(landed.status()).as("login of fan%d", n).isEqualTo(200);
            assertThat(landed.body()).contains("fan" + n);
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> flagged = fanoutFlags();
        while (flagged.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            flagged = fanoutFlags();
        }
        TimeUnit.MILLISECONDS.sleep(500); // a late duplicate would show now
        flagged = fanoutFlags();
        assertThat(flagged).as("ip.fanout flags per account, both servers together")
                .isEqualTo(Map.of("fan1", 1, "fan2", 1, "fan3", 1, "fan4", 1, "fan5", 1));

        for (StockTomcat server : servers) {
            assertThat(server.agentLogText()).contains("Login Telemetry connected to Redis").doesNotContain("ERROR");
        }
        // The examples' state is under its own context path; the other webapps of the servers have theirs.
        try (Stream<String> keys = keys("lt:examples:*")) {
            assertThat(keys).isNotEmpty();
        }
    }

    /** The ip.fanout flags on the shared address in both servers' logs: how many per account. */
    private Map<String, Integer> fanoutFlags() {
        Map<String, Integer> counts = new TreeMap<>();
        for (AgentFlagLog log : logs) {
            for (JsonNode f : log.flags("ip.fanout", null)) {
                if (SHARED_ADDRESS.equals(f.path("ip").asText())) {
                    counts.merge(f.path("account").asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private Stream<String> keys(String pattern) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(redis.port()), "--scan", "--pattern", pattern)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> !l.isBlank());
    }
}
