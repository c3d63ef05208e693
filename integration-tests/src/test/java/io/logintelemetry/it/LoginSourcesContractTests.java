package io.logintelemetry.it;

import static io.logintelemetry.it.harness.FlagLog.signalFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.FormLoginClient.Exchange;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logins the container does not know about, each as an app would do it: its own login code calling
 * the public API, a login handler that answers 401, stateless bearer tokens (request attribute) and
 * gateway headers, a Spring-Security-like context in the session. Apps of this class:
 * <ul>
 *   <li>{@value #CUSTOM}: webapp-src/custom-login, calling io.logintelemetry.api.LoginTelemetry;</li>
 *   <li>{@value #FAILURE_PATH}: webapp-src/failure-path, login.failure-path=/do-login;</li>
 *   <li>{@value #STATELESS}: webapp-src/stateless, login.request-attribute=app.user and
 *       login.header=X-Auth-User behind our trusted proxy; {@value #STATELESS_SHORT_GAP}: the same with a
 *       1 s login.stateless-gap; {@value #GATEWAY_UNTRUSTED}: the header from a peer that is not trusted;</li>
 *   <li>{@value #SPRING}: webapp-src/spring-session, login.session-attribute=SPRING_SECURITY_CONTEXT.</li>
 * </ul>
 */
abstract class LoginSourcesContractTests extends ContainerTests {

    static final String CUSTOM = "/custom-login";
    static final String FAILURE_PATH = "/failure-path";
    static final String STATELESS = "/stateless";
    static final String STATELESS_SHORT_GAP = "/stateless-short-gap";
    static final String GATEWAY_UNTRUSTED = "/gateway-untrusted";
    static final String SPRING = "/spring";

    static final String GATEWAY_HEADER = "X-Auth-User";
    /** A bit longer than the 1 s stateless gap of {@value #STATELESS_SHORT_GAP}. */
    static final long PAST_SHORT_GAP_MILLIS = 1500;

    @Override
    void deployApps() {
        deploy(CUSTOM, WebappBuilder.testApp()
                .withSourceSet("custom-login")
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES));
        deploy(FAILURE_PATH, WebappBuilder.testApp()
                .withSourceSet("failure-path")
                .config("logintelemetry.login.failure-path", "/do-login")
                .config("logintelemetry.login.failure-status", "401")
                .config("logintelemetry.login.username-parameter", "user"));
        deploy(STATELESS, statelessApp().config("logintelemetry.proxy.trusted", TRUSTED_PROXIES));
        deploy(STATELESS_SHORT_GAP, statelessApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.login.stateless-gap", "PT1S"));
        deploy(GATEWAY_UNTRUSTED, statelessApp().config("logintelemetry.proxy.trusted", "192.0.2.0/24"));
        deploy(SPRING, WebappBuilder.testApp()
                .withSourceSet("spring-session")
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.login.session-attribute", "SPRING_SECURITY_CONTEXT"));
    }

    private static WebappBuilder statelessApp() {
        return WebappBuilder.testApp()
                .withSourceSet("stateless")
                .config("logintelemetry.login.request-attribute", "app.user")
                .config("logintelemetry.login.header", GATEWAY_HEADER);
    }

    // (6) The public API, from the app's own login code -------------------------------------------------

    @Test
    void loginsReportedThroughTheApiCountAndRaiseIpChurn() {
        String user = account("api-churner");
        FilterMetrics metrics = FilterMetrics.of(CUSTOM);
        long logins = metrics.eventsOfType("login");
        assertThat(levelOf(user)).as("levelOf an account without flags").isEqualTo("low");

        List<String> raised = new ArrayList<>();
        for (String ip : FOUR_NETWORKS) {
            Exchange login = browser(CUSTOM).forwardedFor(ip).post("/custom/login", Map.of("user", user, "password", PASSWORD));
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            raised.add(field(login, "flags"));
        }

        assertThat(metrics.eventsOfType("login")).as("login events").isEqualTo(logins + 4);
        assertThat(raised.subList(0, 3)).as("flags recordLogin returned below the limit").noneMatch(f -> f.contains("ip.churn"));
        assertThat(raised.get(3)).as("flags recordLogin returned on the 4th network").contains("ip.churn");
        assertThat(FlagLog.get().await(signalFor("ip.churn", user), 1, LOG_WAIT)).as("ip.churn flag line")
                .singleElement().satisfies(f -> assertThat(f.path("ip").asText()).isEqualTo(FOUR_NETWORKS.get(3)));
        assertThat(levelOf(user)).as("levelOf after a medium ip.churn flag").isEqualTo("medium");
    }

    @Test
    void failedLoginsReportedThroughTheApiAreLoginEventsThatRaiseNoChurn() {
        String user = account("api-failer");
        FilterMetrics metrics = FilterMetrics.of(CUSTOM);
        long logins = metrics.eventsOfType("login");
        long rejected = metrics.longAttribute("RejectedEvents");

        for (String ip : FOUR_NETWORKS) {
            Exchange attempt = browser(CUSTOM).forwardedFor(ip).post("/custom/login", Map.of("user", user, "password", "wrong"));
            assertThat(attempt.status()).isEqualTo(401);
        }

        assertThat(metrics.eventsOfType("login")).as("login events (outcome failure)").isEqualTo(logins + 4);
        assertThat(metrics.longAttribute("RejectedEvents")).as("none refused").isEqualTo(rejected);
        // Failed attempts are no logins from those networks: four of them are no ip.churn.
        assertThat(levelOf(user)).isEqualTo("low");
        assertThat(FlagLog.get().flags()).noneMatch(signalFor("ip.churn", user));
    }

    @Test
    void aProfileReportedThroughTheApiIsAProfileEvent() {
        String user = account("api-profile");
        FormLoginClient browser = browser(CUSTOM);
        assertThat(browser.post("/custom/login", Map.of("user", user, "password", PASSWORD)).status()).isEqualTo(200);
        FilterMetrics metrics = FilterMetrics.of(CUSTOM);
        long profiles = metrics.eventsOfType("profile");

        Exchange profile = browser.post("/custom/profile", Map.of("name", "Taro Yamada", "reading", "ヤマダ タロウ", "country", "JP"));
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
        assertThat(metrics.eventsOfType("profile")).as("profile events").isEqualTo(profiles + 1);
    }

    @Test
    void laterRequestsInTheSessionOfAnApiLoginCountForTheAccount() {
        String user = account("api-session");
        FormLoginClient browser = browser(CUSTOM).forwardedFor("198.51.100.60");
        assertThat(browser.post("/custom/login", Map.of("user", user, "password", PASSWORD)).status()).isEqualTo(200);
        FilterMetrics metrics = FilterMetrics.of(CUSTOM);
        long requests = metrics.eventsOfType("request");

        // recordLogin tied the account to this session; its next page is that account's activity.
        WhoAmI me = WhoAmI.of(browser.get("/public/whoami"));
        assertThat(metrics.eventsOfType("request")).as("request events of the logged-in session's next page")
                .isEqualTo(requests + 1);
        assertThat(me.level()).as("level attribute on the logged-in session's next page").isEqualTo("low");
    }

    /** What LoginTelemetry.levelOf tells the app about {@code account}. */
    private String levelOf(String account) {
        Exchange e = browser(CUSTOM).get("/custom/level?account=" + URLEncoder.encode(account, StandardCharsets.UTF_8));
        assertThat(e.status()).isEqualTo(200);
        return e.body().trim();
    }

    /** The value of a "key=value" line of a plain-text answer. */
    private static String field(Exchange e, String key) {
        return e.body().lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + "= in " + e));
    }

    // (7) A failed login seen by path and status -----------------------------------------------------------

    @Test
    void a401OnTheConfiguredLoginPathIsAFailedLogin() {
        String user = account("mistyper");
        FilterMetrics metrics = FilterMetrics.of(FAILURE_PATH);
        long logins = metrics.eventsOfType("login");

        assertThat(browser(FAILURE_PATH).post("/do-login", Map.of("user", user, "password", "wrong")).status()).isEqualTo(401);
        assertThat(metrics.eventsOfType("login")).as("a 401 on /do-login with user=" + user).isEqualTo(logins + 1);

        assertThat(browser(FAILURE_PATH).post("/do-login", Map.of("user", user, "password", PASSWORD)).status()).isEqualTo(200);
        assertThat(browser(FAILURE_PATH).post("/other-login", Map.of("user", user, "password", "wrong")).status()).isEqualTo(401);
        assertThat(browser(FAILURE_PATH).post("/do-login", Map.of("username", user, "password", "wrong")).status()).isEqualTo(401);
        assertThat(metrics.eventsOfType("login"))
                .as("no more: a 200 on the path, a 401 on another path, a 401 without the configured user parameter")
                .isEqualTo(logins + 1);
    }

    // (8) Stateless apps: a request attribute, a gateway header ------------------------------------------------

    @Test
    void requestsAuthenticatedByTheAppsOwnTokenFilterCountForTheAccount() {
        String user = account("bearer");
        FormLoginClient client = bearerClient(STATELESS, user).forwardedFor("198.51.100.70");
        FilterMetrics metrics = FilterMetrics.of(STATELESS);
        long requests = metrics.eventsOfType("request");
        long logins = metrics.eventsOfType("login");

        for (int i = 0; i < 3; i++) {
            WhoAmI me = WhoAmI.of(client.get("/api/whoami"));
            assertThat(me.level()).as("level attribute for the token's account").isEqualTo("low");
            assertThat(me.clientIp()).isEqualTo("198.51.100.70");
        }
        assertThat(client.sessionId()).as("stateless: no session").isNull();
        assertThat(metrics.eventsOfType("request")).as("request events").isEqualTo(requests + 3);
        assertThat(metrics.eventsOfType("login")).as("one login: the calls came within login.stateless-gap")
                .isEqualTo(logins + 1);
    }

    @Test
    void anAccountTheServletItselfAuthenticatesCountsOneLoginWithinTheStatelessGap() {
        String user = account("self-auth");
        FormLoginClient client = bearerClient(STATELESS, user).forwardedFor("198.51.100.71");
        FilterMetrics metrics = FilterMetrics.of(STATELESS);
        long requests = metrics.eventsOfType("request");
        long logins = metrics.eventsOfType("login");

        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/self/whoami").status()).isEqualTo(200);
        }
        assertThat(metrics.eventsOfType("request")).as("request events").isEqualTo(requests + 3);
        assertThat(metrics.eventsOfType("login")).as("logins of three calls within login.stateless-gap (30 min)")
                .isEqualTo(logins + 1);
    }

    @Test
    void tokenLoginsFromFourNetworksAfterTheStatelessGapRaiseIpChurn() throws InterruptedException {
        String user = account("bearer-churner");
        FilterMetrics metrics = FilterMetrics.of(STATELESS_SHORT_GAP);
        long logins = metrics.eventsOfType("login");
        List<WhoAmI> calls = new ArrayList<>();
        for (String ip : FOUR_NETWORKS) {
            if (!calls.isEmpty()) {
                Thread.sleep(PAST_SHORT_GAP_MILLIS); // silence longer than the gap: the next call is a new login
            }
            calls.add(WhoAmI.of(bearerClient(STATELESS_SHORT_GAP, user).forwardedFor(ip).get("/api/whoami")));
        }

        assertThat(metrics.eventsOfType("login")).as("login events").isEqualTo(logins + 4);
        assertThat(calls.subList(0, 3)).allSatisfy(me -> assertThat(me.flagsOf("ip.churn")).isEmpty());
        assertThat(calls.get(3).flagsOf("ip.churn")).as("flags attribute of the 4th network's call").hasSize(1);
        assertThat(FlagLog.get().await(signalFor("ip.churn", user), 1, LOG_WAIT)).as("ip.churn flag line").isNotEmpty();
    }

    @Test
    void theGatewayHeaderIsBelievedFromTheTrustedProxy() {
        String user = account("gateway-user");
        FilterMetrics metrics = FilterMetrics.of(STATELESS);
        long requests = metrics.eventsOfType("request");
        long logins = metrics.eventsOfType("login");

        WhoAmI me = WhoAmI.of(browser(STATELESS).header(GATEWAY_HEADER, user).forwardedFor("198.51.100.80").get("/public/whoami"));
        assertThat(me.level()).as("level attribute for the gateway's account").isEqualTo("low");
        assertThat(metrics.eventsOfType("login")).isEqualTo(logins + 1);
        assertThat(metrics.eventsOfType("request")).isEqualTo(requests + 1);
    }

    @Test
    void theGatewayHeaderFromAnUntrustedPeerIsIgnored() {
        String user = account("gateway-spoofer");
        FilterMetrics metrics = FilterMetrics.of(GATEWAY_UNTRUSTED);
        long events = metrics.events();

        for (String ip : FOUR_NETWORKS) {
            WhoAmI me = WhoAmI.of(browser(GATEWAY_UNTRUSTED).header(GATEWAY_HEADER, user).forwardedFor(ip).get("/public/whoami"));
            assertThat(me.level()).as("no account, so no level attribute").isNull();
        }
        assertThat(metrics.events()).as("no events at all: nobody is logged in").isEqualTo(events);
        assertThat(metrics.longAttribute("Flags")).as("no flags").isZero();
    }

    /** A client whose every request carries the test app's bearer token for {@code user}. */
    private FormLoginClient bearerClient(String contextPath, String user) {
        return browser(contextPath).header("Authorization", "Bearer user:" + user);
    }

    // (9) A Spring-Security-like context in the session --------------------------------------------------------

    @Test
    void aSecurityContextInTheConfiguredSessionAttributeIsALogin() {
        String user = account("spring-user");
        FormLoginClient browser = browser(SPRING).forwardedFor("198.51.100.90");
        FilterMetrics metrics = FilterMetrics.of(SPRING);
        long logins = metrics.eventsOfType("login");

        assertThat(browser.get("/spring/login?user=" + user).status()).isEqualTo(200);
        assertThat(metrics.eventsOfType("login")).as("login when the context appears in the session").isEqualTo(logins + 1);

        long requests = metrics.eventsOfType("request");
        WhoAmI me = WhoAmI.of(browser.get("/public/whoami"));
        assertThat(me.level()).as("level attribute").isEqualTo("low");
        assertThat(metrics.eventsOfType("request")).as("request events of the next page").isEqualTo(requests + 1);
        assertThat(metrics.eventsOfType("login")).as("still one login: same session").isEqualTo(logins + 1);
    }

    @Test
    void sessionContextLoginsFromFourNetworksRaiseIpChurn() {
        String user = account("spring-churner");
        for (String ip : FOUR_NETWORKS) {
            assertThat(browser(SPRING).forwardedFor(ip).get("/spring/login?user=" + user).status()).isEqualTo(200);
        }
        List<JsonNode> flags = FlagLog.get().await(signalFor("ip.churn", user), 1, LOG_WAIT);
        assertThat(flags).as("ip.churn flag line").singleElement()
                .satisfies(f -> assertThat(f.path("ip").asText()).isEqualTo(FOUR_NETWORKS.get(3)));
    }

    @Test
    void anAnonymousContextIsNoLogin() {
        FormLoginClient browser = browser(SPRING).forwardedFor("198.51.100.91");
        FilterMetrics metrics = FilterMetrics.of(SPRING);
        long events = metrics.events();

        assertThat(browser.get("/spring/anonymous").status()).isEqualTo(200);
        WhoAmI me = WhoAmI.of(browser.get("/public/whoami"));
        assertThat(me.level()).as("no account, so no level attribute").isNull();
        assertThat(metrics.events()).as("no events: an anonymous token is nobody").isEqualTo(events);
    }
}
