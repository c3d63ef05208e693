package io.logintelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.FlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.RedisProcess;
import io.logintelemetry.it.harness.TomcatContainer;
import io.logintelemetry.it.harness.WebappBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three embedded Tomcat 11 nodes share one real redis-server (logintelemetry.state.store=redis, the
 * redis jar and its libraries next to the drop-in jar in WEB-INF/lib), and logins are spread over
 * them round-robin. Their flags are the flags of one node (in memory) that receives every login,
 * each delivered once, although no node alone sees enough for any of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTomcatIT {

    private static final String PASSWORD = "correct horse";
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private Path workDir;
    private RedisProcess redis;
    private final List<TomcatContainer> nodes = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        workDir = Files.createTempDirectory("logintelemetry-redis-it-");
        redis = RedisProcess.start(workDir.resolve("redis"));
        int port = redis.port();
        for (int n = 1; n <= 3; n++) {
            Path app = WebappBuilder.testApp()
                    .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                    .config("logintelemetry.node", "rnode" + n + "-" + run)
                    .config("logintelemetry.state.store", "redis")
                    .config("logintelemetry.state.redis.uri", "redis://127.0.0.1:" + port)
                    .config("logintelemetry.state.redis.key-prefix", "it-" + run + ":")
                    .buildIn(workDir.resolve("webapps/node" + n));
            addRedisLibs(app);
            TomcatContainer node = new TomcatContainer(workDir.resolve("tomcat" + n));
            addUsers(node);
            node.deploy("/app", app);
            if (n == 1) {
                // The reference: one node in memory that receives every login.
                Path solo = WebappBuilder.testApp()
                        .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                        .config("logintelemetry.node", "solo-" + run)
                        .buildIn(workDir.resolve("webapps/solo"));
                node.deploy("/solo", solo);
            }
            node.start();
            nodes.add(node);
        }
    }

    /** The redis module's jar and the libraries it needs, as the README tells users to add them. */
    private static void addRedisLibs(Path app) throws IOException {
        Path lib = app.resolve("WEB-INF/lib");
        Path jar = Path.of(System.getProperty("redis.jar"));
        Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> libs = Files.list(Path.of(System.getProperty("redis.libs")))) {
            for (Path l : libs.toList()) {
                Files.copy(l, lib.resolve(l.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private List<String> users() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add("churn" + i + "-" + run);
        }
        for (int i = 0; i < 6; i++) {
            users.add("fan" + i + "-" + run);
        }
        for (int i = 0; i < 3; i++) {
            users.add("quiet" + i + "-" + run);
        }
        return users;
    }

    private void addUsers(TomcatContainer node) {
        users().forEach(u -> node.addUser(u, PASSWORD));
    }

    @AfterAll
    void stop() throws Exception {
        nodes.forEach(TomcatContainer::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** One login: to the cluster node whose turn it is, and to the solo app. */
    private int turn;

    private void login(String user, String ip) {
        TomcatContainer node = nodes.get(turn++ % 3);
        int status = new FormLoginClient(node.uri("/app")).forwardedFor(ip).login(user, PASSWORD).status();
        assertThat(status).as("cluster login of " + user).isLessThan(500);
        new FormLoginClient(nodes.get(0).uri("/solo")).forwardedFor(ip).login(user, PASSWORD);
    }

    private Set<String> flagsOf(String nodePrefix) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode f : FlagLog.get().flags()) {
            if (f.path("node").asText().startsWith(nodePrefix) && f.path("node").asText().endsWith(run)) {
                keys.add(f.path("signal").asText() + " " + f.path("account").asText());
            }
        }
        return keys;
    }

    @Test
    void threeNodesOnOneRedisFlagWhatOneNodeSeeingEverythingFlags() throws Exception {
        for (int step = 0; step < 5; step++) {
            for (int c = 0; c < 3; c++) {
                login("churn" + c + "-" + run, "198.18." + (20 + step) + "." + (c + 1)); // five networks each
            }
            for (int q = 0; q < 3; q++) {
                login("quiet" + q + "-" + run, "192.0.2." + (10 + q)); // one home address each
            }
        }
        for (int f = 0; f < 6; f++) {
            login("fan" + f + "-" + run, "203.0.113.88"); // six accounts behind one address
        }

        // The solo node raises its flags in the requests, the cluster's come from the Redis workers a
        // moment later, and both reach the log through its writer thread: read both until they agree.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> solo = flagsOf("solo-");
        Set<String> cluster = flagsOf("rnode");
        while (!cluster.equals(solo) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            solo = flagsOf("solo-");
            cluster = flagsOf("rnode");
        }
        assertThat(solo).contains("ip.churn churn0-" + run, "ip.fanout fan0-" + run);
        assertThat(cluster).isEqualTo(solo);

        Thread.sleep(500); // any late duplicate would show now
        Map<String, Integer> delivered = new HashMap<>();
        for (JsonNode f : FlagLog.get().flags()) {
            if (f.path("node").asText().startsWith("rnode") && f.path("node").asText().endsWith(run)) {
                delivered.merge(f.path("signal").asText() + " " + f.path("account").asText() + " "
                        + f.path("severity").asText(), 1, Integer::sum);
            }
        }
        assertThat(delivered.values()).as("each flag delivered once: " + delivered).allMatch(n -> n == 1);
        // Each flag names the node that delivered it: they come from more than one node.
        Set<String> deliverers = new TreeSet<>();
        FlagLog.get().flags().stream().filter(f -> f.path("node").asText().startsWith("rnode")
                && f.path("node").asText().endsWith(run)).forEach(f -> deliverers.add(f.path("node").asText()));
        assertThat(deliverers).hasSizeGreaterThan(1);
    }
}
