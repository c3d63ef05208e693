package io.logintelemetry.it;

import static io.logintelemetry.it.harness.FlagLog.signalFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.FormLoginClient.Exchange;
import io.logintelemetry.it.harness.RawHttp;
import io.logintelemetry.it.harness.ServerLog;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an operator sets up and then checks: the filter declared in web.xml, switched off or badly
 * configured, the URLs it watches, the device cookie it sets, and its step-up and block actions with
 * their audit lines. Apps of this class (one container, each app with its own engine):
 * <ul>
 *   <li>{@value #DECLARED}: the README's web.xml declaration (filter under the fragment's name, with an
 *       init-param trusting our proxy, and the listener), next to the jar's own web-fragment.xml;</li>
 *   <li>{@value #METADATA_COMPLETE}: the same declaration in a metadata-complete web.xml;</li>
 *   <li>{@value #OFF}: {@code logintelemetry.enabled=false} (with the device cookie on, to show nothing is set);</li>
 *   <li>{@value #BAD_CONFIG}: a value that is not a number; {@value #PLAIN}: no filter at all;</li>
 *   <li>{@value #DEFAULTS}: default URL scope; {@value #SCOPED}: a custom include / exclude;</li>
 *   <li>{@value #DEVICE} and {@value #DEVICE_UNTRUSTED}: the device cookie, with and without our proxy trusted;</li>
 *   <li>{@value #STEP_UP} and {@value #BLOCK}: ip.churn stepping up, blocking.</li>
 * </ul>
 */
abstract class DeploymentContractTests extends ContainerTests {

    static final String DECLARED = "/declared";
    static final String METADATA_COMPLETE = "/metadata-complete";
    static final String OFF = "/off";
    static final String BAD_CONFIG = "/bad-config";
    static final String PLAIN = "/plain";
    static final String DEFAULTS = "/defaults";
    static final String SCOPED = "/scoped";
    static final String DEVICE = "/device";
    static final String DEVICE_UNTRUSTED = "/device-untrusted";
    static final String STEP_UP = "/step-up";
    static final String BLOCK = "/block";

    static final String BAD_KEY = "logintelemetry.detector.ip.churn.min-networks";
    static final String AUDIT_LOGGER = "io.logintelemetry.audit";
    static final String DEVICE_COOKIE = "lt_did";
    /** What the filter issues: 128 random bits, URL-safe Base64 without padding. */
    static final String DEVICE_ID_SHAPE = "[A-Za-z0-9_-]{22}";
    static final long DEFAULT_DEVICE_COOKIE_MAX_AGE = Duration.ofDays(400).toSeconds();

    /** The README's web.xml declaration, with the init-param that trusts our proxy (127.0.0.1). */
    static final String README_DECLARATION = """
              <filter>
                <filter-name>LoginTelemetryFilter</filter-name>
                <filter-class>io.logintelemetry.servlet.LoginTelemetryFilter</filter-class>
                <init-param>
                  <param-name>logintelemetry.proxy.trusted</param-name>
                  <param-value>127.0.0.1/32,::1/128</param-value>
                </init-param>
              </filter>
              <filter-mapping>
                <filter-name>LoginTelemetryFilter</filter-name>
                <url-pattern>/*</url-pattern>
              </filter-mapping>
              <listener>
                <listener-class>io.logintelemetry.servlet.LoginTelemetryListener</listener-class>
              </listener>
            """;

    @Override
    void deployApps() {
        addUsers("declared", "complete", "alice", "static", "scoped", "dev1", "dev2", "dev3", "stepper", "blocked");

        deploy(DECLARED, WebappBuilder.testApp().declare(README_DECLARATION));
        deploy(METADATA_COMPLETE, WebappBuilder.testApp().declare(README_DECLARATION).metadataComplete());
        deploy(OFF, WebappBuilder.testApp()
                .config("logintelemetry.enabled", "false")
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.device.cookie.enabled", "true"));
        deploy(BAD_CONFIG, WebappBuilder.testApp().config(BAD_KEY, "four"));
        deploy(PLAIN, WebappBuilder.testApp().withoutFilter());
        deploy(DEFAULTS, WebappBuilder.testApp());
        deploy(SCOPED, WebappBuilder.testApp()
                .config("logintelemetry.filter.include", "/app/*,*.js")
                .config("logintelemetry.filter.exclude", "/app/hello"));
        deploy(DEVICE, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.device.cookie.enabled", "true"));
        deploy(DEVICE_UNTRUSTED, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "192.0.2.0/24")
                .config("logintelemetry.device.cookie.enabled", "true"));
        deploy(STEP_UP, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.detector.ip.churn.action", "step_up")
                .config("logintelemetry.action.step-up-url", "/stepup.html"));
        deploy(BLOCK, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.detector.ip.churn.action", "block"));
    }

    // (1) The filter declared in web.xml ------------------------------------------------------------

    @Test
    void declaredInWebXmlUnderTheFragmentsNameTheFilterRunsOnceWithItsInitParam() {
        FormLoginClient browser = browser(DECLARED).forwardedFor("198.51.100.7");
        WhoAmI me = WhoAmI.of(browser.login(account("declared"), PASSWORD));
        assertThat(me.clientIp()).as("the init-param logintelemetry.proxy.trusted is in effect: X-Forwarded-For believed")
                .isEqualTo("198.51.100.7");

        FilterMetrics metrics = FilterMetrics.of(DECLARED);
        for (int i = 0; i < 3; i++) {
            assertThat(countedRequestEvents(metrics, browser, "/app/hello"))
                    .as("request events of one authenticated request").isEqualTo(1);
        }
        assertThat(serverLog()).as("no second, idle declaration").noneMatch(l -> l.contains("declared twice") && l.contains(DECLARED));

        // The listener is declared by web.xml and by the fragment: a session end must still count once.
        long sessionEnds = metrics.eventsOfType("session_end");
        assertThat(browser.get("/app/logout").status()).isEqualTo(200);
        assertThat(metrics.eventsOfType("session_end")).as("session_end events of one logout").isEqualTo(sessionEnds + 1);
    }

    @Test
    void aMetadataCompleteWebXmlThatDeclaresFilterAndListenerStillWorks() {
        assertThat(FilterMetrics.find(METADATA_COMPLETE)).as("MBean of the filter declared in web.xml only").isPresent();
        FilterMetrics metrics = FilterMetrics.of(METADATA_COMPLETE);
        long logins = metrics.eventsOfType("login");

        FormLoginClient browser = browser(METADATA_COMPLETE).forwardedFor("203.0.113.9");
        WhoAmI me = WhoAmI.of(browser.login(account("complete"), PASSWORD));
        assertThat(me.clientIp()).isEqualTo("203.0.113.9");
        assertThat(me.level()).as("level attribute").isEqualTo("low");
        assertThat(metrics.eventsOfType("login")).as("login events").isEqualTo(logins + 1);
        assertThat(countedRequestEvents(metrics, browser, "/app/hello")).as("request events of one request").isEqualTo(1);

        long sessionEnds = metrics.eventsOfType("session_end");
        assertThat(browser.get("/app/logout").status()).isEqualTo(200);
        assertThat(metrics.eventsOfType("session_end")).as("session_end from the listener declared in web.xml")
                .isEqualTo(sessionEnds + 1);
    }

    // (2) Switched off, badly configured ------------------------------------------------------------

    @Test
    void switchedOffTheFilterRecordsNothingSetsNothingAndChangesNothing() {
        List<Exchange> off = loginScript(OFF);

        assertThat(FilterMetrics.find(OFF)).as("no MBean, so no events").isEmpty();
        WhoAmI me = WhoAmI.of(off.stream().filter(e -> e.uri().getPath().endsWith("/app/whoami") && e.status() == 200)
                .reduce((a, b) -> b).orElseThrow());
        assertThat(me.user()).isEqualTo(account("alice"));
        assertThat(me.clientIp()).as("client-ip attribute").isNull();
        assertThat(me.level()).as("level attribute").isNull();
        assertThat(me.flags()).as("flags attribute").isNull();
        assertThat(off).as("no device cookie although device.cookie.enabled=true")
                .allSatisfy(e -> assertThat(deviceCookies(e)).isEmpty());
        assertThat(comparable(off, OFF)).as("the app answers exactly as without the filter")
                .containsExactlyElementsOf(comparable(loginScript(PLAIN), PLAIN));
    }

    @Test
    void aBadValueSwitchesOnlyTheFilterOffWithOneErrorNamingTheKey() {
        List<Exchange> bad = loginScript(BAD_CONFIG);

        assertThat(comparable(bad, BAD_CONFIG)).as("the app answers exactly as without the filter")
                .containsExactlyElementsOf(comparable(loginScript(PLAIN), PLAIN));
        assertThat(FilterMetrics.find(BAD_CONFIG)).as("no MBean, so no events").isEmpty();
        assertThat(serverLog().stream().filter(l -> l.contains(BAD_KEY)).toList())
                .as("server log lines naming " + BAD_KEY)
                .singleElement()
                .satisfies(line -> assertThat(line).contains(" ERROR ", BAD_CONFIG, "'four'"));
    }

    /** Login, a page, whoami, logout: as a user of an app sees it. */
    private List<Exchange> loginScript(String contextPath) {
        FormLoginClient browser = browser(contextPath).forwardedFor("198.51.100.42");
        browser.login(account("alice"), PASSWORD, "/app/hello");
        browser.get("/app/whoami");
        browser.get("/public/ping?ip=1");
        browser.get("/app/logout");
        return browser.transcript();
    }

    private static List<String> comparable(List<Exchange> transcript, String contextPath) {
        return transcript.stream().map(e -> e.comparable(contextPath)).toList();
    }

    // (3) Which URLs are watched ---------------------------------------------------------------------

    @Test
    void staticAssetsOfALoggedInUserAreNotRequestEventsByDefault() {
        FormLoginClient browser = browser(DEFAULTS);
        WhoAmI.of(browser.login(account("static"), PASSWORD));
        FilterMetrics metrics = FilterMetrics.of(DEFAULTS);

        assertThat(countedRequestEvents(metrics, browser, "/static/app.css")).as("/static/app.css").isZero();
        assertThat(countedRequestEvents(metrics, browser, "/x.js")).as("/x.js").isZero();
        // The same user's unprotected page does count: the zeros above are the exclusion, not an unseen login.
        assertThat(countedRequestEvents(metrics, browser, "/public/ping")).as("/public/ping").isEqualTo(1);
    }

    @Test
    void aCustomIncludeAndExcludeAreHonoured() {
        FormLoginClient browser = browser(SCOPED);
        WhoAmI.of(browser.login(account("scoped"), PASSWORD));
        FilterMetrics metrics = FilterMetrics.of(SCOPED);

        assertThat(countedRequestEvents(metrics, browser, "/app/whoami")).as("/app/whoami: included").isEqualTo(1);
        assertThat(countedRequestEvents(metrics, browser, "/app/hello")).as("/app/hello: excluded").isZero();
        assertThat(countedRequestEvents(metrics, browser, "/app/h%65llo"))
                .as("/app/h%65llo: the same path once decoded, excluded as well").isZero();
        assertThat(countedRequestEvents(metrics, browser, "/x.js"))
                .as("/x.js: included, and the custom exclude list replaces the default one").isEqualTo(1);
        assertThat(countedRequestEvents(metrics, browser, "/public/ping")).as("/public/ping: not included").isZero();
        assertThat(countedRequestEvents(metrics, browser, "/static/app.css")).as("/static/app.css: not included").isZero();
    }

    /** How many request events one GET of {@code path} (answered 200) added. */
    private static long countedRequestEvents(FilterMetrics metrics, FormLoginClient browser, String path) {
        long before = metrics.eventsOfType("request");
        Exchange e = browser.get(path);
        assertThat(e.status()).as("GET " + path + ": " + e).isEqualTo(200);
        return metrics.eventsOfType("request") - before;
    }

    // (4) The device cookie ---------------------------------------------------------------------------

    @Test
    void theDeviceCookieIsHttpOnlyLaxSiteWideAndNotSecureOverPlainHttp() {
        List<String> cookie = singleDeviceCookie(browser(DEVICE_UNTRUSTED).get("/public/ping"));
        assertThat(cookie.get(0)).as("value").matches(DEVICE_COOKIE + "=" + DEVICE_ID_SHAPE);
        assertThat(cookie).as("attributes").contains("HttpOnly", "SameSite=Lax", "Path=/",
                "Max-Age=" + DEFAULT_DEVICE_COOKIE_MAX_AGE);
        assertThat(cookie).as("over plain HTTP").doesNotContain("Secure");

        Exchange claimedHttps = browser(DEVICE_UNTRUSTED).header("X-Forwarded-Proto", "https").get("/public/ping");
        assertThat(singleDeviceCookie(claimedHttps)).as("X-Forwarded-Proto from an untrusted peer").doesNotContain("Secure");
        assertThat(singleDeviceCookie(browser(DEVICE).get("/public/ping"))).as("trusted proxy, plain HTTP")
                .doesNotContain("Secure");
    }

    @Test
    void behindATrustedTlsTerminatingProxyTheDeviceCookieIsSecure() {
        Exchange viaTls = browser(DEVICE).header("X-Forwarded-Proto", "https").get("/public/ping");
        assertThat(singleDeviceCookie(viaTls)).contains("Secure", "HttpOnly", "SameSite=Lax");
    }

    @Test
    void aForgedDeviceCookieIsReplacedAndCounted() {
        FilterMetrics metrics = FilterMetrics.of(DEVICE);
        List<String> forgeries = List.of("forged", "AAAAAAAAAAAAAAAAAAAAAA%0D%0AX-Injected:%20yes", "x".repeat(10 * 1024));
        for (String forged : forgeries) {
            long malformed = metrics.malformedHeaders();
            Exchange e = browser(DEVICE).header("Cookie", DEVICE_COOKIE + "=" + forged).get("/public/ping");
            String what = "forged value " + forged.substring(0, Math.min(40, forged.length()));
            assertThat(e.status()).as(what).isEqualTo(200);
            assertThat(singleDeviceCookie(e).get(0)).as(what + " replaced by an id of ours")
                    .matches(DEVICE_COOKIE + "=" + DEVICE_ID_SHAPE);
            assertThat(metrics.malformedHeaders()).as(what + " counted in MalformedHeaders").isEqualTo(malformed + 1);
        }

        // A bare CR inside the value, which java.net.http refuses to send. The container may refuse the
        // request (400); if it lets it through, the value must be replaced like any other forgery.
        RawHttp.Response raw = RawHttp.exchange(container.port(), DEVICE + "/public/ping",
                "Cookie: " + DEVICE_COOKIE + "=AAAAAAAAAAAAAAAAAAAAAA\rX-Injected: yes\r\n");
        assertThat(raw.status()).as("bare CR in the device cookie").isLessThan(500);
        if (raw.status() == 200) {
            assertThat(raw.headers("Set-Cookie")).anySatisfy(c -> assertThat(c).matches(DEVICE_COOKIE + "=" + DEVICE_ID_SHAPE + ";.*"));
        }
    }

    @Test
    void threeAccountsLoggingInFromOneBrowserEachRaiseDeviceFanout() {
        FormLoginClient browser = browser(DEVICE);
        List<String> accounts = List.of(account("dev1"), account("dev2"), account("dev3"));
        for (String account : accounts) {
            assertThat(WhoAmI.of(browser.loginKeepingCookies(account, PASSWORD, "/app/whoami")).user()).isEqualTo(account);
            assertThat(browser.get("/app/logout").status()).isEqualTo(200);
        }
        String deviceId = browser.cookie(DEVICE_COOKIE);
        assertThat(deviceId).as("the browser kept one device cookie").matches(DEVICE_ID_SHAPE);

        for (String account : accounts) {
            List<JsonNode> flags = FlagLog.get().await(signalFor("device.fanout", account), 1, LOG_WAIT);
            assertThat(flags).as("device.fanout flag line for " + account).isNotEmpty();
            assertThat(flags.get(0).toString()).as("the flag names the shared device").contains(deviceId);
        }
    }

    /** The attributes of the one device cookie the response sets, its name=value first. */
    private static List<String> singleDeviceCookie(Exchange e) {
        List<String> cookies = deviceCookies(e);
        assertThat(cookies).as("Set-Cookie " + DEVICE_COOKIE + " of " + e).hasSize(1);
        return Arrays.stream(cookies.get(0).split(";")).map(String::trim).toList();
    }

    private static List<String> deviceCookies(Exchange e) {
        return e.headers("Set-Cookie").stream().filter(c -> c.startsWith(DEVICE_COOKIE + "=")).toList();
    }

    // (5) Step-up and block, with their audit lines ----------------------------------------------------

    @Test
    void stepUpRedirectsTheChurningAccountServesTheStepUpPageAndWritesAuditLines() {
        String stepper = account("stepper");
        churn(STEP_UP, stepper);
        FormLoginClient browser = browser(STEP_UP).forwardedFor(FOUR_NETWORKS.get(3));
        browser.login(stepper, PASSWORD);
        String stepUpPage = STEP_UP + "/stepup.html";

        Exchange raising = browser.transcript().stream().filter(e -> e.uri().getPath().equals(STEP_UP + "/app/whoami"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(raising.status()).as("the request that raised ip.churn: " + raising).isEqualTo(302);
        assertThat(URI.create(raising.location()).getPath()).isEqualTo(stepUpPage);

        Exchange next = browser.getOnce("/app/hello");
        assertThat(next.status()).as("the account's next request: " + next).isEqualTo(302);
        assertThat(URI.create(next.location()).getPath()).isEqualTo(stepUpPage);

        Exchange page = browser.getOnce("/stepup.html");
        assertThat(page.status()).as("the step-up page itself is served").isEqualTo(200);
        assertThat(page.body()).contains("Step-up");

        List<JsonNode> audit = ServerLog.awaitJson(AUDIT_LOGGER, logMark, a -> stepper.equals(a.path("account").asText()), 2, LOG_WAIT);
        assertThat(audit).as("one audit line per step-up redirect").hasSize(2);
        assertThat(audit).allSatisfy(a -> {
            assertThat(a.path("kind").asText()).isEqualTo("audit");
            assertThat(a.path("action").asText()).isEqualTo("step_up");
            assertThat(a.path("ip").asText()).isEqualTo(FOUR_NETWORKS.get(3));
            assertThat(a.path("level").asText()).isIn("medium", "high");
        });
        assertThat(audit).extracting(a -> a.path("path").asText()).containsExactly("/app/whoami", "/app/hello");
        assertThat(FlagLog.get().await(signalFor("ip.churn", stepper), 1, LOG_WAIT))
                .singleElement().satisfies(f -> assertThat(f.path("action").asText()).isEqualTo("step_up"));
    }

    @Test
    void aBlockWritesAnAuditLine() {
        String blocked = account("blocked");
        churn(BLOCK, blocked);
        Exchange raising = browser(BLOCK).forwardedFor(FOUR_NETWORKS.get(3)).login(blocked, PASSWORD);
        assertThat(raising.status()).isEqualTo(403);

        List<JsonNode> audit = ServerLog.awaitJson(AUDIT_LOGGER, logMark, a -> blocked.equals(a.path("account").asText()), 1, LOG_WAIT);
        assertThat(audit).as("audit line of the block").singleElement().satisfies(a -> {
            assertThat(a.path("kind").asText()).isEqualTo("audit");
            assertThat(a.path("action").asText()).isEqualTo("block");
            assertThat(a.path("path").asText()).isEqualTo("/app/whoami");
            assertThat(a.path("ip").asText()).isEqualTo(FOUR_NETWORKS.get(3));
        });
    }

    /** Logs {@code account} in from the first three of {@link #FOUR_NETWORKS}: one more network raises ip.churn. */
    private void churn(String contextPath, String account) {
        for (String ip : FOUR_NETWORKS.subList(0, 3)) {
            assertThat(browser(contextPath).forwardedFor(ip).login(account, PASSWORD).status()).isEqualTo(200);
        }
    }
}
