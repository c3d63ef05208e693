package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import io.logintelemetry.it.harness.WebappBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Undeploying a webapp the agent watched leaves nothing of ours holding its class loader: after the
 * webapp's directory is removed (Tomcat undeploys it) the heap has one webapp class loader fewer.
 * The class histogram comes from {@code jcmd <pid> GC.class_histogram}, which collects first.
 */
class Tomcat11RedeployIT {

    private static final String LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";

    @Test
    void anUndeployedWebappsClassLoaderIsCollected() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11RedeployIT");
        Path app = WebappBuilder.testApp().withoutFilter().buildIn(work.resolve("app"));
        try (StockTomcat tomcat = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .user("judy", "judy-secret")
                .deploy("app", app)
                .start(work)) {
            tomcat.awaitAgentLog("Login Telemetry started for /app", Duration.ofSeconds(30));
            // Work the agent through the webapp's classes: logins, requests, a session, a failed login.
            for (int n = 1; n <= 3; n++) {
                FormLoginClient judy = new FormLoginClient(tomcat.uri("/app")).forwardedFor("198.51.100." + n);
                assertThat(judy.login("judy", "judy-secret").body()).contains("judy");
                assertThat(judy.get("/app/hello").body()).isEqualTo("hello judy\n");
                judy.get("/app/logout");
            }
            new FormLoginClient(tomcat.uri("/app")).login("judy", "wrong");
            long before = loaders(tomcat.pid());
            assertThat(before).as("the webapps' loaders").isGreaterThanOrEqualTo(2);

            deleteTree(tomcat.home().resolve("webapps/app"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (new FormLoginClient(tomcat.uri("/app")).getOnce("/public/ping").status() != 404) {
                assertThat(System.nanoTime()).as("Tomcat undeploys /app").isLessThan(deadline);
                Thread.sleep(500);
            }
            long after = loaders(tomcat.pid());
            while (after != before - 1 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                after = loaders(tomcat.pid());
            }
            assertThat(after).as("webapp class loaders after undeploying /app (before: %d)", before).isEqualTo(before - 1);
        }
    }

    /** Live instances of Tomcat's webapp class loader, after a full collection. */
    private static long loaders(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[3].equals(LOADER)) {
                return Long.parseLong(cols[1]);
            }
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
