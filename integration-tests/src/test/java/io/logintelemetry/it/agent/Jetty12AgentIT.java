package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.AgentJar;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.RemoteJmx;
import io.logintelemetry.it.harness.StockTomcat;
import io.logintelemetry.it.harness.WebappBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent in the stock Jetty 12.1 distribution (jetty-home, ee10 environment), set up as an
 * operator would: a jetty.base with the http and ee10-deploy modules, a server-wide realm
 * (HashLoginService), the webapp dropped into webapps/, and -javaagent on the command line. The
 * webapp's own FORM login; it carries no Login Telemetry jar. Also an async request that Jetty
 * times out: the agent learns its end from an async listener it registers, not from complete(). And
 * a second webapp with BASIC authentication, where a session made after it starts with the login
 * and a refused password is a failed login.
 */
class Jetty12AgentIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void formLoginsFromFourNetworksAreFlaggedAndTheSessionEndIsSeen() throws Exception {
        Path home = Path.of(System.getProperty("jetty.home"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Jetty12AgentIT");
        Path base = Files.createDirectories(work.resolve("jetty-base"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process setup = new ProcessBuilder(java.toString(), "-jar", home.resolve("start.jar").toString(),
                "--add-modules=http,ee10-deploy,ee10-security")
                .directory(base.toFile()).redirectErrorStream(true).start();
        String setupOutput = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(setup.waitFor(60, TimeUnit.SECONDS) && setup.exitValue() == 0).as(setupOutput).isTrue();

        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/it-realm.properties"), "ivan: ivan-secret,user\nkim: kim-secret,user\n", StandardCharsets.UTF_8);
        Files.writeString(base.resolve("etc/it-realm.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="Server" class="org.eclipse.jetty.server.Server">
                  <Call class="org.eclipse.jetty.util.resource.ResourceFactory" name="of">
                    <Arg><Ref refid="Server"/></Arg>
                    <Call id="realmFile" name="newResource"><Arg>etc/it-realm.properties</Arg></Call>
                  </Call>
                  <Call name="addBean">
                    <Arg>
                      <New class="org.eclipse.jetty.security.HashLoginService">
                        <Set name="name">it-realm</Set>
                        <Set name="config"><Ref refid="realmFile"/></Set>
                      </New>
                    </Arg>
                  </Call>
                </Configure>
                """, StandardCharsets.UTF_8);
        Path app = WebappBuilder.testApp().withoutFilter().withSourceSet("agent-auth").buildIn(work.resolve("app"));
        copyTree(app, Files.createDirectories(base.resolve("webapps")).resolve("app"));
        Path basic = WebappBuilder.testApp().withoutFilter().withSourceSet("agent-auth").basicAuth().buildIn(work.resolve("basic"));
        copyTree(basic, base.resolve("webapps").resolve("basic"));

        Path agentLog = work.resolve("logintelemetry-agent.log");
        Path properties = work.resolve("logintelemetry.properties");
        Files.writeString(properties, "logintelemetry.proxy.trusted=127.0.0.1/32\nlogintelemetry.agent.log-file=" + agentLog + "\n",
                StandardCharsets.UTF_8);
        int port = StockTomcat.freePort();
        int jmxPort = StockTomcat.freePort();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(RemoteJmx.options(jmxPort));
        command.addAll(List.of("-javaagent:" + AgentJar.path() + "=config=" + properties,
                "-jar", home.resolve("start.jar").toString(), "jetty.http.port=" + port, "jetty.http.host=127.0.0.1",
                "etc/it-realm.xml"));
        Process jetty = new ProcessBuilder(command)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("console.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!accepting(port) || !Files.exists(agentLog) || !Files.readString(agentLog).contains("started for /app")
                    || !Files.readString(agentLog).contains("started for /basic")) {
                assertThat(jetty.isAlive()).as("Jetty runs: %s", Files.readString(work.resolve("console.out"))).isTrue();
                assertThat(System.nanoTime()).as("Jetty starts the app: %s", Files.readString(work.resolve("console.out")))
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
            for (int n = 1; n <= 4; n++) {
                FormLoginClient browser = new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/app"))
                        .forwardedFor("203.0." + (150 + n) + ".3");
                FormLoginClient.Exchange landed = browser.login("ivan", "ivan-secret");
                assertThat(landed.status()).as(landed.toString()).isEqualTo(200);
                assertThat(landed.body()).contains("ivan");
            }
            new AgentFlagLog(agentLog).await(f -> "ip.churn".equals(f.path("signal").asText())
                    && "ivan".equals(f.path("account").asText()), WAIT);

            // The app's logout invalidates the session: a logout, and the session's end.
            String metrics = "io.logintelemetry:type=Metrics,context=\"/app\"";
            Map<String, Long> before = RemoteJmx.mapAttribute(jmxPort, metrics, "EventsByType");
            FormLoginClient browser = new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/app")).forwardedFor("192.0.2.9");
            assertThat(browser.login("ivan", "ivan-secret").body()).contains("ivan");
            assertThat(browser.get("/app/logout").body()).isEqualTo("bye\n");
            Map<String, Long> after = RemoteJmx.mapAttribute(jmxPort, metrics, "EventsByType");
            assertThat(after.getOrDefault("logout", 0L) - before.getOrDefault("logout", 0L)).isEqualTo(1);
            assertThat(after.getOrDefault("session_end", 0L) - before.getOrDefault("session_end", 0L)).isEqualTo(1);

            // An async request nobody completes: Jetty times it out and completes it itself, without
            // the application's complete(). The session it ended is still the account's logout.
            FormLoginClient async = new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/app")).forwardedFor("192.0.2.10");
            assertThat(async.login("ivan", "ivan-secret").body()).contains("ivan");
            before = RemoteJmx.mapAttribute(jmxPort, metrics, "EventsByType");
            assertThat(async.get("/app/async?end=timeout").status()).as("Jetty's answer to a timed-out async request")
                    .isEqualTo(500);
            long asyncDeadline = System.nanoTime() + WAIT.toNanos();
            do {
                Thread.sleep(100);
                after = RemoteJmx.mapAttribute(jmxPort, metrics, "EventsByType");
            } while (after.getOrDefault("logout", 0L) == before.getOrDefault("logout", 0L) && System.nanoTime() < asyncDeadline);
            assertThat(after.getOrDefault("logout", 0L) - before.getOrDefault("logout", 0L)).as("the logout on the async thread")
                    .isEqualTo(1);
            assertThat(after.getOrDefault("request", 0L) - before.getOrDefault("request", 0L)).as("one request").isEqualTo(1);

            // BASIC authentication, then a session the app makes on that request: Jetty's session
            // creation carries the request's login on to the session, whose end is the account's.
            String basicMetrics = "io.logintelemetry:type=Metrics,context=\"/basic\"";
            before = RemoteJmx.mapAttribute(jmxPort, basicMetrics, "EventsByType");
            FormLoginClient kim = new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/basic")).forwardedFor("192.0.2.40")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("kim:kim-secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(kim.get("/app/session").body()).isEqualTo("session kim created=true\n");
            assertThat(kim.get("/app/hello").body()).isEqualTo("hello kim\n");
            assertThat(kim.get("/app/session").body()).isEqualTo("session kim created=false\n");
            assertThat(kim.get("/app/logout").body()).isEqualTo("bye\n");
            after = RemoteJmx.mapAttribute(jmxPort, basicMetrics, "EventsByType");
            assertThat(after.getOrDefault("login", 0L) - before.getOrDefault("login", 0L))
                    .as("one login, carried on to the session made on the same request").isEqualTo(1);
            assertThat(after.getOrDefault("request", 0L) - before.getOrDefault("request", 0L)).isEqualTo(4);
            assertThat(after.getOrDefault("session_end", 0L) - before.getOrDefault("session_end", 0L))
                    .as("the end of the session the login started").isEqualTo(1);

            // A wrong password: Jetty refuses it with a 401 before any servlet runs, and it is the
            // account's failed login. A request without credentials gets the same 401: no login.
            before = RemoteJmx.mapAttribute(jmxPort, basicMetrics, "EventsByType");
            FormLoginClient refused = new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/basic")).forwardedFor("192.0.2.41")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("kim:wrong".getBytes(StandardCharsets.UTF_8)));
            assertThat(refused.get("/app/hello").status()).isEqualTo(401);
            assertThat(new FormLoginClient(URI.create("http://127.0.0.1:" + port + "/basic")).forwardedFor("192.0.2.42")
                    .get("/app/hello").status()).as("a challenge").isEqualTo(401);
            after = RemoteJmx.mapAttribute(jmxPort, basicMetrics, "EventsByType");
            assertThat(after.getOrDefault("login", 0L) - before.getOrDefault("login", 0L)).as("the refusal, not the challenge")
                    .isEqualTo(1);
            assertThat(after.getOrDefault("request", 0L) - before.getOrDefault("request", 0L)).as("neither reached the app")
                    .isZero();
            assertThat(Files.readString(agentLog)).doesNotContain("ERROR");
        } finally {
            jetty.destroy();
            if (!jetty.waitFor(30, TimeUnit.SECONDS)) {
                jetty.destroyForcibly();
            }
        }
    }

    private static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
