package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import io.logintelemetry.it.harness.WebappBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The login paths of a stock Tomcat 11 beyond FORM login, with the agent and no Login Telemetry jar
 * in the webapps: the app's own {@code HttpServletRequest.login()/logout()}, the container's BASIC
 * authentication (successes and refusals), async requests (seen once, ended when their async cycle
 * ends), and a session created after BASIC authentication (it starts with the account's login).
 * Two webapps: /app (FORM) and /basic (BASIC), the same servlets in each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat11AgentLoginPathsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private StockTomcat tomcat;
    private AgentFlagLog flags;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11AgentLoginPathsIT");
        Path app = WebappBuilder.testApp().withoutFilter().withSourceSet("agent-auth").buildIn(work.resolve("app"));
        Path basic = WebappBuilder.testApp().withoutFilter().withSourceSet("agent-auth").basicAuth().buildIn(work.resolve("basic"));
        StockTomcat.Builder b = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .deploy("app", app)
                .deploy("basic", basic)
                .jmx();
        for (String user : new String[] {"lena", "olga", "mona", "ayla", "kim", "bob1", "bob2", "bob3", "bob4", "bob5"}) {
            b.user(user, user + "-secret");
        }
        tomcat = b.start(work);
        flags = new AgentFlagLog(tomcat.agentLog());
        tomcat.awaitAgentLog("Login Telemetry started for /app", WAIT);
        tomcat.awaitAgentLog("Login Telemetry started for /basic", WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    private Map<String, Long> events(String context) throws Exception {
        return tomcat.jmxMap("io.logintelemetry:type=Metrics,context=\"" + context + "\"", "EventsByType");
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String type) {
        return after.getOrDefault(type, 0L) - before.getOrDefault(type, 0L);
    }

    private FormLoginClient client(String context, String ip) {
        return new FormLoginClient(tomcat.uri(context)).forwardedFor(ip);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAppsOwnRequestLoginAndLogoutAreSeen() throws Exception {
        Map<String, Long> before = events("/app");
        FormLoginClient lena = client("/app", "198.51.100.21");
        FormLoginClient.Exchange in = lena.post("/public/request-login", Map.of("user", "lena", "password", "lena-secret"));
        assertThat(in.body()).isEqualTo("in=lena\n");
        assertThat(lena.get("/app/hello").body()).as("the container keeps the principal in the session").isEqualTo("hello lena\n");
        assertThat(lena.get("/public/request-logout").body()).isEqualTo("out=lena now=null\n");
        FormLoginClient.Exchange refused = client("/app", "198.51.100.22")
                .post("/public/request-login", Map.of("user", "lena", "password", "wrong"));
        assertThat(refused.status()).isEqualTo(401);

        Map<String, Long> after = events("/app");
        assertThat(delta(before, after, "login")).as("the successful login() once, and the refused one").isEqualTo(2);
        assertThat(delta(before, after, "logout")).as("logout()").isEqualTo(1);
    }

    @Test
    void requestLoginsFromFiveNetworksAreFlaggedButRefusedOnesAreNot() {
        for (int n = 1; n <= 5; n++) {
            FormLoginClient.Exchange in = client("/app", "203.0." + (140 + n) + ".7")
                    .post("/public/request-login", Map.of("user", "olga", "password", "olga-secret"));
            assertThat(in.body()).isEqualTo("in=olga\n");
            FormLoginClient.Exchange refused = client("/app", "203.0." + (150 + n) + ".7")
                    .post("/public/request-login", Map.of("user", "mona", "password", "not-hers"));
            assertThat(refused.status()).isEqualTo(401);
        }
        var flag = flags.await(f -> "ip.churn".equals(f.path("signal").asText()) && "olga".equals(f.path("account").asText())
                && f.path("evidence").path("networks_count").asInt() == 5, WAIT);
        assertThat(flag.path("ip").asText()).as("the client behind the trusted proxy").isEqualTo("203.0.145.7");
        assertThat(flags.flags("ip.churn", "mona")).as("refused logins are no activity of the account").isEmpty();
    }

    @Test
    void basicAuthenticationSuccessesAndRefusalsAreSeen() throws Exception {
        Map<String, Long> before = events("/basic");
        // A browser's first request carries no credentials: a challenge, not a failed login.
        FormLoginClient.Exchange challenge = client("/basic", "192.0.2.30").get("/app/hello");
        assertThat(challenge.status()).isEqualTo(401);
        // Five accounts behind one address, each signing in with BASIC credentials.
        for (int n = 1; n <= 5; n++) {
            FormLoginClient.Exchange ok = client("/basic", "192.0.2.31")
                    .header("Authorization", basic("bob" + n, "bob" + n + "-secret")).get("/app/hello");
            assertThat(ok.body()).isEqualTo("hello bob" + n + "\n");
        }
        // Credentials come with every request: without a session, the next request within
        // login.stateless-gap is the same login's activity, no new login.
        assertThat(client("/basic", "192.0.2.31").header("Authorization", basic("bob1", "bob1-secret")).get("/app/hello").body())
                .isEqualTo("hello bob1\n");
        // Five refusals behind another address: failed logins, named by the credentials sent.
        for (int n = 1; n <= 5; n++) {
            FormLoginClient.Exchange refused = client("/basic", "192.0.2.32")
                    .header("Authorization", basic("bob" + n, "wrong")).get("/app/hello");
            assertThat(refused.status()).isEqualTo(401);
        }
        var flag = flags.await(f -> "ip.fanout".equals(f.path("signal").asText()) && "192.0.2.31".equals(f.path("ip").asText()), WAIT);
        assertThat(flag.path("account").asText()).startsWith("bob");
        Map<String, Long> after = events("/basic");
        assertThat(delta(before, after, "login")).as("five BASIC logins, five refusals, no challenge").isEqualTo(10);
        assertThat(flags.flags().stream().filter(f -> "192.0.2.32".equals(f.path("ip").asText())))
                .as("refused logins are no activity of the accounts").isEmpty();
    }

    @Test
    void aSessionMadeAfterBasicAuthenticationStartsWithTheLoginAndItsEndIsSeen() throws Exception {
        Map<String, Long> before = events("/basic");
        FormLoginClient kim = client("/basic", "192.0.2.40").header("Authorization", basic("kim", "kim-secret"));
        assertThat(kim.get("/app/session").body()).isEqualTo("session kim created=true\n");
        assertThat(kim.sessionId()).isNotNull();
        assertThat(kim.get("/app/hello").body()).isEqualTo("hello kim\n");
        assertThat(kim.get("/app/session").body()).isEqualTo("session kim created=false\n");
        assertThat(kim.get("/app/logout").body()).isEqualTo("bye\n");

        Map<String, Long> after = events("/basic");
        assertThat(delta(before, after, "login")).as("one login, carried on to the session made on the same request")
                .isEqualTo(1);
        assertThat(delta(before, after, "request")).isEqualTo(4);
        assertThat(delta(before, after, "session_end")).as("the end of the session the login started").isEqualTo(1);
    }

    @Test
    void anAsyncRequestIsSeenOnceAndEndsWhenItCompletesOnAnotherThread() throws Exception {
        AsyncRun run = asyncRequest("mona", "192.0.2.50", "complete");
        assertThat(run.answer().body()).isEqualTo("async mona\n");
        assertThat(run.requests()).as("one request, however many threads served it").isEqualTo(1);
        assertThat(run.logouts()).as("the session ended on the async thread, after the first pass").isEqualTo(1);
    }

    @Test
    void anAsyncRequestIsSeenOnceAndEndsAfterItsAsyncDispatch() throws Exception {
        AsyncRun run = asyncRequest("mona", "192.0.2.51", "dispatch");
        assertThat(run.answer().body()).as("the dispatch target answered").isEqualTo("bye\n");
        assertThat(run.requests()).as("the dispatch is no second request").isEqualTo(1);
        assertThat(run.logouts()).as("the session the dispatch target ended").isEqualTo(1);
    }

    @Test
    void anAsyncRequestNobodyCompletesEndsWhenTheContainerTimesItOut() throws Exception {
        // Not mona: another test refuses her five times, and Tomcat's LockOutRealm then locks her out.
        AsyncRun run = asyncRequest("ayla", "192.0.2.52", "timeout");
        assertThat(run.answer().status()).as("the container's answer to a timed-out async request").isEqualTo(500);
        assertThat(run.requests()).as("one request").isEqualTo(1);
        assertThat(run.logouts()).as("the session ended before the timeout").isEqualTo(1);
    }

    /** What one async request of a logged-in user did: its answer, and the request and logout events it added. */
    private record AsyncRun(FormLoginClient.Exchange answer, long requests, long logouts) {
    }

    /** Logs {@code user} in from {@code ip}, then GETs /app/async?end={@code end} and waits for its logout. */
    private AsyncRun asyncRequest(String user, String ip, String end) throws Exception {
        FormLoginClient browser = client("/app", ip);
        assertThat(browser.login(user, user + "-secret").body()).contains(user);
        Map<String, Long> before = events("/app");
        FormLoginClient.Exchange answer = browser.get("/app/async?end=" + end);
        Map<String, Long> after = awaitEvents("/app", before, "logout", 1);
        return new AsyncRun(answer, delta(before, after, "request"), delta(before, after, "logout"));
    }

    /** The after-step of an async request may run just after the client has its answer: wait (bounded). */
    private Map<String, Long> awaitEvents(String context, Map<String, Long> before, String type, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Long> now = events(context);
        while (delta(before, now, type) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = events(context);
        }
        return now;
    }
}
