package io.logintelemetry.it;

import static io.logintelemetry.it.harness.FlagLog.signalFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.FormLoginClient.Exchange;
import io.logintelemetry.it.harness.RawHttp;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The filter's contract, checked over real HTTP against the drop-in jar in WEB-INF/lib of a small
 * FORM-login app. Each container subclass runs the same tests; one container per class serves
 * several copies of the app, each configured differently through its own logintelemetry.properties:
 * <ul>
 *   <li>{@value #WATCH}: defaults, behind a trusted proxy on 127.0.0.1; ip.fanout marks;</li>
 *   <li>{@value #BLOCK}: the same, with ip.churn blocking;</li>
 *   <li>{@value #UNTRUSTED}: the proxy (our 127.0.0.1) is not trusted;</li>
 *   <li>{@value #BROKEN}: a detector plug-in that throws on every event;</li>
 *   <li>{@value #PLAIN}: the app without the filter, the baseline for fail-open;</li>
 *   <li>{@value #NO_SLF4J}: like {@value #WATCH}, in an app whose class loader has no SLF4J.</li>
 * </ul>
 * Every app has its own engine, so detections in one never count in another. The flag log is shared
 * by the whole JVM, so account names carry the container's name and each test uses its own accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoginTelemetryContractTests {

    static final String WATCH = "/watch";
    static final String BLOCK = "/block";
    static final String UNTRUSTED = "/untrusted";
    static final String BROKEN = "/broken";
    static final String PLAIN = "/plain";
    static final String NO_SLF4J = "/no-slf4j";
    static final List<String> FILTERED_APPS = List.of(WATCH, BLOCK, UNTRUSTED, BROKEN, NO_SLF4J);

    static final String PASSWORD = "correct horse";
    static final String LEVEL_HEADER = "X-Login-Telemetry-Level";
    static final String TRUSTED_PROXIES = "127.0.0.1/32,::1/128";
    /** Flags are logged by the filter's own thread: how long to wait for a line. */
    static final Duration LOG_WAIT = Duration.ofSeconds(10);

    /** Five addresses in five different /24 networks; ip.churn's default limit is 4 networks in 1 h. */
    static final List<String> FIVE_NETWORKS = List.of("198.51.100.7", "203.0.113.9", "192.0.2.33", "198.18.5.1", "198.18.77.1");

    /** Container work files and the assembled apps; removed after the class. */
    Path workDir;

    Container container;

    /** The container under test, with its working files under {@code workDir}. */
    abstract Container createContainer(Path workDir);

    @BeforeAll
    void startContainer() throws Exception {
        // Not @TempDir: instance fields of a PER_CLASS test are not all injected before @BeforeAll in every
        // JUnit version, and this directory is needed there.
        workDir = Files.createTempDirectory("logintelemetry-it-");
        container = createContainer(workDir.resolve("container"));
        for (String user : List.of("churner", "blocked", "innocent", "spoofer", "alice", "bob", "jul-churner")) {
            container.addUser(account(user), PASSWORD);
        }
        for (int i = 1; i <= 6; i++) {
            container.addUser(account("fan" + i), PASSWORD);
        }
        container.addUser(crlfAccount(), PASSWORD);
        container.addUser(longAccount(), PASSWORD);

        deploy(WATCH, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.detector.ip.fanout.action", "mark")
                .config("logintelemetry.action.response-header", LEVEL_HEADER));
        deploy(BLOCK, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .config("logintelemetry.detector.ip.churn.action", "block"));
        deploy(UNTRUSTED, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "192.0.2.0/24"));
        deploy(BROKEN, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .withThrowingDetector());
        deploy(PLAIN, WebappBuilder.testApp().withoutFilter());
        container.deployWithoutSlf4j(NO_SLF4J, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", TRUSTED_PROXIES)
                .buildIn(workDir.resolve("webapps/no-slf4j")));
        container.start();
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
        if (workDir != null) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void deploy(String contextPath, WebappBuilder app) {
        container.deploy(contextPath, app.buildIn(workDir.resolve("webapps").resolve(contextPath.substring(1))));
    }

    /** An account name unique to this container class: the flag log is shared by the JVM. */
    String account(String name) {
        return container.name() + "-" + name;
    }

    /** A user name with CR/LF and text that would forge a log line if written raw. */
    String crlfAccount() {
        return account("crlf") + "\r\nINJECTED forged log line";
    }

    /** A 10 KB user name. */
    String longAccount() {
        return account("long-") + "x".repeat(10 * 1024);
    }

    FormLoginClient browser(String contextPath) {
        return new FormLoginClient(container.uri(contextPath));
    }

    // (0) ------------------------------------------------------------------------------------------

    @Test
    void theDropInJarActivatesItselfFromWebInfLib() {
        for (String app : FILTERED_APPS) {
            assertThat(FilterMetrics.find(app)).as("filter MBean of " + app + " (web-fragment.xml picked up)").isPresent();
        }
        assertThat(FilterMetrics.find(PLAIN)).as("no filter where its jar is absent").isEmpty();
        WhoAmI plain = WhoAmI.of(browser(PLAIN).login(account("alice"), PASSWORD));
        assertThat(plain.clientIp()).isNull();
        assertThat(plain.flags()).isNull();
    }

    // (1) ------------------------------------------------------------------------------------------

    @Test
    void oneAccountFromFiveNetworksThroughTheTrustedProxyRaisesIpChurn() {
        String churner = account("churner");
        FormLoginClient browser = browser(WATCH);
        List<WhoAmI> logins = new ArrayList<>();
        for (String ip : FIVE_NETWORKS) {
            WhoAmI me = WhoAmI.of(browser.forwardedFor(ip).login(churner, PASSWORD));
            assertThat(me.user()).isEqualTo(churner);
            assertThat(me.clientIp()).as("client IP from X-Forwarded-For of a trusted proxy").isEqualTo(ip);
            assertThat(me.level()).as("account level attribute").isIn("low", "medium", "high");
            logins.add(me);
        }

        for (WhoAmI below : logins.subList(0, 3)) {
            assertThat(below.flagsOf("ip.churn")).as("fewer than 4 networks").isEmpty();
        }
        assertThat(logins.get(0).level()).as("level of an account without flags").isEqualTo("low");
        // The 4th network reaches the default limit: the login request it came with carries the flag.
        WhoAmI fourth = logins.get(3);
        assertThat(fourth.flagsOf("ip.churn")).as("flags attribute on the 4th login: " + fourth.flags())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.path("account").asText()).isEqualTo(churner);
                    assertThat(f.path("ip").asText()).isEqualTo(FIVE_NETWORKS.get(3));
                });
        assertThat(fourth.flagsListSize()).as("io.logintelemetry.flags list attribute").isGreaterThanOrEqualTo(1);
        assertThat(fourth.level()).as("a medium ip.churn flag (weight 30) reaches score.medium 30").isIn("medium", "high");

        List<JsonNode> logged = FlagLog.get().await(signalFor("ip.churn", churner), 1, LOG_WAIT);
        assertThat(logged).as("ip.churn flag lines for " + churner).isNotEmpty();
        JsonNode first = logged.get(0);
        assertThat(first.path("kind").asText()).isEqualTo("flag");
        assertThat(first.path("ip").asText()).isEqualTo(FIVE_NETWORKS.get(3));
        assertThat(first.path("severity").asText()).isIn("info", "low", "medium", "high");
        assertThat(first.path("summary").asText()).isNotBlank();
        assertThat(first.path("evidence").isObject()).isTrue();
        assertThat(first.path("action").asText()).isEqualTo("log");
        assertThat(first.path("ts").asText()).isNotBlank();
        assertThat(first.path("node").asText()).as("node of a live flag").isNotBlank();
        assertThat(first.path("id").asText()).as("the same flag in the log and in the request attribute")
                .isEqualTo(fourth.flagsOf("ip.churn").get(0).path("id").asText());
    }

    // (2) ------------------------------------------------------------------------------------------

    @Test
    void sixAccountsFromOneForwardedIpEachRaiseIpFanout() {
        String sharedIp = "203.0.113.77";
        List<String> accounts = new ArrayList<>();
        List<Exchange> landings = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String account = account("fan" + i);
            accounts.add(account);
            Exchange landing = browser(WATCH).forwardedFor(sharedIp).login(account, PASSWORD);
            assertThat(WhoAmI.of(landing).clientIp()).isEqualTo(sharedIp);
            landings.add(landing);
        }

        for (Exchange below : landings.subList(0, 4)) {
            assertThat(WhoAmI.of(below).flagsOf("ip.fanout")).as("fewer than 5 accounts").isEmpty();
        }
        // The 5th account reaches the default limit (>= 5 flags): its own login request carries its flag.
        WhoAmI fifth = WhoAmI.of(landings.get(4));
        assertThat(fifth.flagsOf("ip.fanout")).as("flags attribute on the 5th login: " + fifth.flags())
                .anySatisfy(f -> assertThat(f.path("account").asText()).isEqualTo(accounts.get(4)));
        // ip.fanout is configured to mark here: the marked response names the account's level.
        assertThat(landings.get(4).header(LEVEL_HEADER)).as(LEVEL_HEADER + " on the marked request")
                .isIn("low", "medium", "high");

        for (String account : accounts) {
            List<JsonNode> logged = FlagLog.get().await(signalFor("ip.fanout", account), 1, LOG_WAIT);
            assertThat(logged).as("ip.fanout flag line for " + account).isNotEmpty();
            assertThat(logged.get(0).path("ip").asText()).isEqualTo(sharedIp);
            assertThat(logged.get(0).path("action").asText()).isEqualTo("mark");
        }
    }

    // (3) ------------------------------------------------------------------------------------------

    @Test
    void blockAnswers403ToTheChurningAccountOnly() {
        String blocked = account("blocked");
        FormLoginClient browser = browser(BLOCK);
        for (String ip : FIVE_NETWORKS.subList(0, 3)) {
            assertThat(browser.forwardedFor(ip).login(blocked, PASSWORD).status()).isEqualTo(200);
        }
        Exchange raising = browser.forwardedFor(FIVE_NETWORKS.get(3)).login(blocked, PASSWORD);
        assertThat(raising.status()).as("the request that raised the block flag (not yet committed): " + raising)
                .isEqualTo(403);
        assertThat(browser.get("/app/whoami").status()).as("the blocked account's next request").isEqualTo(403);
        assertThat(browser.get("/app/hello").status()).as("and the one after").isEqualTo(403);
        assertThat(browser.forwardedFor(FIVE_NETWORKS.get(0)).login(blocked, PASSWORD).status())
                .as("the block follows the account into a new session").isEqualTo(403);

        FormLoginClient other = browser(BLOCK).forwardedFor("198.51.100.200");
        WhoAmI innocent = WhoAmI.of(other.login(account("innocent"), PASSWORD));
        assertThat(innocent.user()).isEqualTo(account("innocent"));
        assertThat(other.get("/app/hello").status()).isEqualTo(200);

        List<JsonNode> logged = FlagLog.get().await(signalFor("ip.churn", blocked), 1, LOG_WAIT);
        assertThat(logged).isNotEmpty();
        assertThat(logged.get(0).path("action").asText()).isEqualTo("block");
    }

    // (4) ------------------------------------------------------------------------------------------

    @Test
    void aDetectorThatThrowsChangesNoResponse() {
        List<String> withBrokenDetector = failOpenScript(BROKEN);
        List<String> withoutFilter = failOpenScript(PLAIN);

        assertThat(withBrokenDetector).as("every status, redirect and body, compared with the app without the filter")
                .containsExactlyElementsOf(withoutFilter);
        assertThat(withBrokenDetector).noneMatch(line -> line.contains(" -> 5"));
        assertThat(withBrokenDetector).as("the script did log in").anyMatch(line -> line.endsWith(" hello " + account("alice") + "\n"));

        FilterMetrics metrics = FilterMetrics.of(BROKEN);
        assertThat(metrics.events()).as("the filter saw the requests (else this test proves nothing)").isPositive();
        assertThat(metrics.detectorErrors()).as("DetectorErrors counted the failures").isPositive();
    }

    /**
     * Public page, a failed and a good login, pages, logout: the same for two accounts (the IP
     * detector then sees more than one account). Returns the transcript with the context path and
     * session ids taken out, so two apps can be compared.
     */
    private List<String> failOpenScript(String contextPath) {
        List<String> lines = new ArrayList<>();
        for (String user : List.of(account("alice"), account("bob"))) {
            FormLoginClient browser = browser(contextPath).forwardedFor("198.51.100.42");
            browser.get("/public/ping");
            browser.login(user, "wrong password", "/app/hello");
            browser.login(user, PASSWORD, "/app/hello");
            browser.get("/app/hello");
            browser.get("/app/logout");
            browser.get("/app/hello");
            for (Exchange e : browser.transcript()) {
                lines.add(e.comparable(contextPath));
            }
        }
        return lines;
    }

    // (5) ------------------------------------------------------------------------------------------

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
        String spoofer = account("spoofer");
        FormLoginClient browser = browser(UNTRUSTED);
        List<WhoAmI> logins = new ArrayList<>();
        for (String ip : FIVE_NETWORKS) {
            WhoAmI me = WhoAmI.of(browser.forwardedFor(ip).login(spoofer, PASSWORD));
            assertThat(me.clientIp()).as("X-Forwarded-For from the untrusted peer 127.0.0.1").isEqualTo("127.0.0.1");
            logins.add(me);
        }
        // Five spoofed networks are one real address: nothing to flag.
        assertThat(logins).allSatisfy(me -> assertThat(me.flagsOf("ip.churn")).isEmpty());

        assertThat(clientIpOfPing(UNTRUSTED, "Forwarded", "for=198.51.100.98")).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedProxyChainResolvesToTheRightMostUntrustedAddress() {
        assertThat(clientIpOfPing(WATCH, "X-Forwarded-For", "198.51.100.1, 203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(clientIpOfPing(WATCH, "X-Forwarded-For", "203.0.113.6, 127.0.0.1")).isEqualTo("203.0.113.6");
        assertThat(clientIpOfPing(WATCH, "Forwarded", "for=203.0.113.8;proto=https")).isEqualTo("203.0.113.8");
        assertThat(clientIpOfPing(WATCH, "Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe::17");
        assertThat(clientIpOfPing(WATCH, "X-Forwarded-For", "not an address")).isEqualTo("127.0.0.1");
    }

    /** The client-ip attribute of an unauthenticated request with one forwarding header. */
    private String clientIpOfPing(String contextPath, String header, String value) {
        Exchange ping = browser(contextPath).header(header, value).get("/public/ping?ip=1");
        assertThat(ping.status()).isEqualTo(200);
        String line = ping.body().lines().filter(l -> l.startsWith("client-ip=")).findFirst().orElseThrow();
        return line.substring("client-ip=".length());
    }

    // (6) ------------------------------------------------------------------------------------------

    @Test
    void crLfAndHugeValuesNeverCauseA500NorABrokenFlagLine() {
        // Accounts with CR/LF and with 10 KB in their names, churning so that flags about them are logged.
        List<String> ipv6Networks = List.of("2001:db8:a::7", "2001:db8:b::7", "2001:db8:c::7", "2001:db8:d::7");
        List<String> longNameNetworks = List.of("2001:db8:e::7", "2001:db8:f::7", "2001:db8:10::7", "2001:db8:11::7");
        FormLoginClient crlf = browser(WATCH);
        for (String ip : ipv6Networks) {
            assertThat(WhoAmI.of(crlf.forwardedFor(ip).login(crlfAccount(), PASSWORD)).user()).isEqualTo(crlfAccount());
        }
        FormLoginClient huge = browser(WATCH);
        for (String ip : longNameNetworks) {
            assertThat(WhoAmI.of(huge.forwardedFor(ip).login(longAccount(), PASSWORD)).user()).isEqualTo(longAccount());
        }
        // A failed login with such a name is only a failed login.
        assertThat(browser(WATCH).login(account("nobody") + "\r\nINJECTED", "x").status()).isLessThan(500);

        // 10 KB headers (the containers are set to accept them, so they reach the filter).
        long malformedBefore = FilterMetrics.of(WATCH).malformedHeaders();
        Exchange hugeForwardedFor = crlf.header("X-Forwarded-For", "x".repeat(10 * 1024)).get("/app/whoami");
        assertThat(WhoAmI.of(hugeForwardedFor).clientIp()).as("garbage X-Forwarded-For is ignored").isEqualTo("127.0.0.1");
        assertThat(FilterMetrics.of(WATCH).malformedHeaders()).as("and counted").isGreaterThan(malformedBefore);
        String longChain = "198.51.100.9, ".repeat(700) + "198.51.100.200";
        Exchange longList = crlf.header("X-Forwarded-For", longChain).get("/app/whoami");
        assertThat(WhoAmI.of(longList).clientIp()).isIn("127.0.0.1", "198.51.100.200");
        Exchange hugeAgent = crlf.header("X-Forwarded-For", "198.51.100.9")
                .header("User-Agent", "Mozilla/5.0 " + "A".repeat(10 * 1024)).get("/app/whoami");
        assertThat(hugeAgent.status()).isEqualTo(200);

        // Bytes java.net.http refuses to send, on the logged-in session: obsolete line folding, a bare CR,
        // raw non-ASCII bytes. The container may refuse them (400); it must never be a 500.
        String session = "Cookie: JSESSIONID=" + crlf.sessionId() + "\r\n";
        List<String> rawHeaderBlocks = List.of(
                "X-Forwarded-For: 198.51.100.1\r\n 203.0.113.1\r\n",
                "X-Forwarded-For: 198.51.100.1\rINJECTED\r\n",
                "User-Agent: Mozilla\r\n\tINJECTED folded\r\n",
                "User-Agent: Mozilla\rINJECTED\r\n",
                "User-Agent: Mozilla \u00ff\u00fe\u0080 \u00e9\r\nX-Forwarded-For: 198.51.100.1 \u00ff\r\n");
        for (String block : rawHeaderBlocks) {
            for (String path : List.of("/public/ping", "/app/whoami")) {
                int status = RawHttp.get(container.port(), WATCH + path, session + block);
                assertThat(status).as("status of %s with %s", path, block.replace("\r", "\\r").replace("\n", "\\n"))
                        .isLessThan(500);
            }
        }

        // The flags about those accounts are logged, each as one intact JSON line.
        assertThat(FlagLog.get().await(f -> f.path("account").asText().startsWith(account("crlf")), 1, LOG_WAIT))
                .as("a flag about the CR/LF account (a newline in a name must not hide an account)").isNotEmpty();
        assertThat(FlagLog.get().await(f -> f.path("account").asText().startsWith(account("long-") + "xxxx"), 1, LOG_WAIT))
                .as("a flag about the 10 KB account").isNotEmpty();
        assertThat(FlagLog.get().messages()).allSatisfy(message -> {
            assertThat(message).doesNotContain("\r", "\n");
            FlagLog.parse(message);
        });
        assertThat(FlagLog.get().fileLines()).as("log lines forged through CR/LF").noneMatch(l -> l.startsWith("INJECTED"));
    }

    // (7) ------------------------------------------------------------------------------------------

    @Test
    void withoutSlf4jInTheAppFlagsGoToJavaUtilLogging() {
        String churner = account("jul-churner");
        FormLoginClient browser = browser(NO_SLF4J);
        for (String ip : FIVE_NETWORKS.subList(0, 4)) {
            assertThat(browser.forwardedFor(ip).login(churner, PASSWORD).status()).isEqualTo(200);
        }
        assertThat(FlagLog.get().awaitFromJavaUtilLogging(signalFor("ip.churn", churner), 1, LOG_WAIT))
                .as("ip.churn flag on java.util.logging logger " + FlagLog.LOGGER).isNotEmpty();
    }
}
