package io.logintelemetry.geoip.insights;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.geoip.SecondOpinion;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.log.Logs;
import io.logintelemetry.net.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Insights second opinion against WireMock playing the MaxMind web service. */
class InsightsSecondOpinionTest {

    private static final String LICENSE_KEY = "tEsT-L1cEnSe-kEy-0123";
    private static final String INSIGHTS = "/geoip/v2.1/insights/";
    private static final String JSON = "application/vnd.maxmind.com-insights+json; charset=UTF-8; version=2.1";
    private static final String ERROR_JSON = "application/vnd.maxmind.com-error+json; charset=UTF-8; version=2.0";

    /** Shaped like MaxMind's documented Insights response; the anonymizer flags only in traits. */
    private static final String HOSTING_VPN_BODY = """
            {
              "city": {"confidence": 60, "geoname_id": 2925533, "names": {"en": "Frankfurt am Main", "de": "Frankfurt am Main"}},
              "continent": {"code": "EU", "geoname_id": 6255148, "names": {"en": "Europe"}},
              "country": {"confidence": 99, "geoname_id": 2921044, "is_in_european_union": true, "iso_code": "DE",
                          "names": {"en": "Germany"}},
              "location": {"accuracy_radius": 20, "latitude": 50.1188, "longitude": 8.6843, "time_zone": "Europe/Berlin"},
              "maxmind": {"queries_remaining": 4999},
              "postal": {"code": "60313", "confidence": 20},
              "registered_country": {"geoname_id": 2921044, "iso_code": "DE", "names": {"en": "Germany"}},
              "subdivisions": [{"confidence": 70, "geoname_id": 2905330, "iso_code": "HE", "names": {"en": "Hesse"}}],
              "traits": {
                "autonomous_system_number": 64500,
                "autonomous_system_organization": "Example Hosting GmbH",
                "connection_type": "Corporate",
                "domain": "example.net",
                "ip_address": "203.0.113.7",
                "is_anonymous": true,
                "is_anonymous_vpn": true,
                "is_hosting_provider": true,
                "isp": "Example Hosting",
                "network": "203.0.113.0/24",
                "organization": "Example Hosting",
                "static_ip_score": 12.5,
                "user_count": 3,
                "user_type": "hosting"
              }
            }
            """;

    /** A carrier address, flagged in the (newer) anonymizer object; no AS organisation, only the ISP. */
    private static final String MOBILE_PROXY_BODY = """
            {
              "country": {"geoname_id": 1269750, "iso_code": "IN", "names": {"en": "India"}},
              "location": {"accuracy_radius": 100, "latitude": 19.0748, "longitude": 72.8856},
              "traits": {
                "autonomous_system_number": 64501,
                "connection_type": "Cellular",
                "ip_address": "2001:db8::5",
                "isp": "Example Mobile",
                "network": "2001:db8::/32",
                "user_type": "cellular"
              },
              "anonymizer": {"confidence": 90, "is_anonymous": true, "is_public_proxy": true,
                             "network_last_seen": "2025-10-01", "provider_name": "example-proxy"}
            }
            """;

    private static final String MINIMAL_BODY = """
            {"country": {"iso_code": "FR", "names": {"en": "France"}}, "traits": {"ip_address": "192.0.2.1"}}
            """;

    private WireMockServer wireMock;
    private final RecordingLog log = new RecordingLog();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));
    private final List<InsightsSecondOpinion> opened = new ArrayList<>();

    @BeforeEach
    void startWireMock() {
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        warmUp();
    }

    /**
     * One throw-away request, so the first query of a test does not pay for class loading on both
     * sides of the connection and run into the short test timeouts.
     */
    private void warmUp() {
        HttpClient client = HttpClient.newHttpClient();
        try {
            client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + wireMock.port() + "/warm-up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        wireMock.resetRequests();
    }

    @AfterEach
    void stopAll() {
        opened.forEach(InsightsSecondOpinion::close);
        wireMock.stop();
    }

    @Test
    void answersAreMappedToIpInfoAndCached() {
        stub("203.0.113.7", ok(HOSTING_VPN_BODY));
        InsightsSecondOpinion opinion = open(Map.of());
        IpAddress ip = ip("203.0.113.7");
        assertThat(opinion.cached(ip)).isNull();

        opinion.request(ip);

        IpInfo info = awaitCached(opinion, ip);
        assertThat(info.country()).isEqualTo("DE");
        assertThat(info.city()).isEqualTo("Frankfurt am Main");
        assertThat(info.latitude()).isCloseTo(50.1188, within(1e-9));
        assertThat(info.longitude()).isCloseTo(8.6843, within(1e-9));
        assertThat(info.accuracyRadiusKm()).isEqualTo(20);
        assertThat(info.asn()).isEqualTo(64500);
        assertThat(info.organization()).isEqualTo("Example Hosting GmbH");
        assertThat(info.types()).containsExactlyInAnyOrder(NetworkType.HOSTING, NetworkType.VPN);
        assertThat(info.source()).isEqualTo("GeoIP2 Insights");
        await(() -> opinion.answers() == 1); // counted just after the answer is cached
        assertThat(opinion.queries()).isEqualTo(1);
        assertThat(opinion.errors()).isZero();
        // The key travels only in the Authorization header, as HTTP Basic "account:key".
        String basic = Base64.getEncoder().encodeToString(("42:" + LICENSE_KEY).getBytes(StandardCharsets.UTF_8));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INSIGHTS + "203.0.113.7"))
                .withHeader("Authorization", equalTo("Basic " + basic)));
    }

    @Test
    void mobileCarrierFromConnectionTypeAndProxyFromTheAnonymizerObjectOverIpv6() {
        // InetAddress writes IPv6 in full, uncompressed form.
        wireMock.stubFor(get(urlPathEqualTo(INSIGHTS + "2001:db8:0:0:0:0:0:5")).willReturn(ok(MOBILE_PROXY_BODY)));
        InsightsSecondOpinion opinion = open(Map.of());
        IpAddress ip = ip("2001:db8::5");

        opinion.request(ip);

        IpInfo info = awaitCached(opinion, ip);
        assertThat(info.country()).isEqualTo("IN");
        assertThat(info.city()).isNull();
        assertThat(info.asn()).isEqualTo(64501);
        assertThat(info.organization()).isEqualTo("Example Mobile");
        assertThat(info.types()).containsExactlyInAnyOrder(NetworkType.MOBILE, NetworkType.PROXY);
        assertThat(info.accuracyRadiusKm()).isEqualTo(100);
    }

    @Test
    void missingRecordsMapToUnknownFields() {
        stub("192.0.2.1", ok(MINIMAL_BODY));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("192.0.2.1"));

        IpInfo info = awaitCached(opinion, ip("192.0.2.1"));
        assertThat(info.country()).isEqualTo("FR");
        assertThat(info.asn()).isZero();
        assertThat(info.organization()).isNull();
        assertThat(info.types()).isEmpty();
        assertThat(info.isLocated()).isFalse();
        assertThat(info.accuracyRadiusKm()).isEqualTo(-1);
    }

    @Test
    void theSameAddressRequestedTenTimesIsQueriedOnce() {
        // A little latency keeps the first query in flight while the others arrive.
        stub("203.0.113.7", ok(HOSTING_VPN_BODY).withFixedDelay(100));
        InsightsSecondOpinion opinion = open(Map.of());
        IpAddress ip = ip("203.0.113.7");

        for (int i = 0; i < 10; i++) {
            opinion.request(ip);
        }
        awaitCached(opinion, ip);
        for (int i = 0; i < 10; i++) {
            opinion.request(ip);
        }
        pause(150);

        assertThat(insightsRequests()).hasSize(1);
        assertThat(opinion.queries()).isEqualTo(1);
        assertThat(opinion.dropped()).isZero();
    }

    @Test
    void addressNotFoundIsRememberedAndNotAskedAgain() {
        stub("10.1.2.3", error(404, "IP_ADDRESS_RESERVED", "The value 10.1.2.3 belongs to a reserved or private range."));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("10.1.2.3"));
        await(() -> opinion.notFound() == 1);
        opinion.request(ip("10.1.2.3"));
        pause(100);

        assertThat(opinion.cached(ip("10.1.2.3"))).isNull();
        assertThat(insightsRequests()).hasSize(1);
        assertThat(opinion.errors()).isZero();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void unauthorizedStopsAllQueriesWithOneClearLineThatNeverShowsTheKey() {
        // Even a service message that echoed the key must not put it in our log.
        wireMock.stubFor(get(urlPathMatching(INSIGHTS + ".*")).willReturn(error(401, "AUTHORIZATION_INVALID",
                "Your account ID or license key (" + LICENSE_KEY + ") could not be authenticated.")));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        await(opinion::isStopped);
        opinion.request(ip("198.51.100.2"));
        opinion.request(ip("198.51.100.3"));
        pause(150);

        assertThat(insightsRequests()).hasSize(1);
        assertThat(opinion.queries()).isEqualTo(1);
        assertThat(opinion.errors()).isEqualTo(1);
        assertThat(opinion.skippedWhileStopped()).isEqualTo(2);
        assertThat(log.lines()).hasSize(1);
        assertThat(log.lines().get(0))
                .startsWith("ERROR ")
                .contains("refused account 42", "until restart",
                        "logintelemetry.geoip.insights.account-id", "logintelemetry.geoip.insights.license-key");
        assertThat(log.all()).doesNotContain(LICENSE_KEY);
    }

    @Test
    void permissionRequiredAlsoStops() {
        stub("198.51.100.1", error(403, "PERMISSION_REQUIRED", "You do not have permission to use this service."));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        await(opinion::isStopped);

        assertThat(log.lines()).singleElement().asString().contains("no permission for Insights");
    }

    @Test
    void outOfQueriesPausesUntilTheNextUtcDay() {
        stub("198.51.100.1", error(402, "INSUFFICIENT_FUNDS", "The license key you have provided is out of queries."));
        wireMock.stubFor(get(urlPathEqualTo(INSIGHTS + "198.51.100.3")).willReturn(ok(MINIMAL_BODY)));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        await(() -> opinion.errors() == 1);
        opinion.request(ip("198.51.100.2"));
        await(() -> opinion.skippedForBudget() == 1);

        assertThat(insightsRequests()).hasSize(1);
        assertThat(opinion.isStopped()).isFalse();
        assertThat(log.lines()).singleElement().asString().contains("out of queries", "until the next UTC day");

        clock.set(Instant.parse("2025-06-02T00:00:01Z"));
        opinion.request(ip("198.51.100.3"));
        awaitCached(opinion, ip("198.51.100.3"));
        assertThat(insightsRequests()).hasSize(2);
    }

    @Test
    void tooManyRequestsBacksOffBeforeTheNextQuery() {
        stub("198.51.100.1", aResponse().withStatus(429));
        stub("198.51.100.2", ok(MINIMAL_BODY));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        await(() -> opinion.errors() == 1);
        opinion.request(ip("198.51.100.2"));
        awaitCached(opinion, ip("198.51.100.2"));

        List<LoggedRequest> sent = insightsRequests();
        assertThat(sent).hasSize(2);
        long gap = sent.get(1).getLoggedDate().getTime() - sent.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(TUNING.initialBackoff().toMillis() - 30);
        assertThat(log.all()).contains("429");
        // The refused address is not held against itself: it may be asked again later.
        assertThat(opinion.cached(ip("198.51.100.1"))).isNull();
        opinion.request(ip("198.51.100.1"));
        await(() -> opinion.errors() == 2);
        assertThat(insightsRequests()).hasSize(3);
    }

    @Test
    void serverErrorsDegradeAreRememberedBrieflyAndLoggedRateLimited() {
        wireMock.stubFor(get(urlPathMatching(INSIGHTS + ".*")).willReturn(aResponse().withStatus(500)));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        opinion.request(ip("198.51.100.2"));
        opinion.request(ip("198.51.100.3"));
        await(() -> opinion.errors() == 3);

        assertThat(opinion.cached(ip("198.51.100.1"))).isNull();
        assertThat(log.lines()).singleElement().asString().startsWith("WARN ").contains("HTTP 500");

        // Right after the failure the address is not asked again ...
        opinion.request(ip("198.51.100.1"));
        pause(50);
        assertThat(insightsRequests()).hasSize(3);
        // ... but once the short memory of the failure is gone, it is.
        wireMock.resetAll();
        stub("198.51.100.1", ok(MINIMAL_BODY));
        pause(TUNING.errorTtl().toMillis() + 50);
        opinion.request(ip("198.51.100.1"));
        assertThat(awaitCached(opinion, ip("198.51.100.1")).country()).isEqualTo("FR");
    }

    @Test
    void anUnreadableAnswerIsAnErrorAndTheWorkerCarriesOn() {
        stub("198.51.100.1", ok("{\"country\": {\"iso_code\": "));
        stub("198.51.100.2", ok(MINIMAL_BODY));
        InsightsSecondOpinion opinion = open(Map.of());

        opinion.request(ip("198.51.100.1"));
        opinion.request(ip("198.51.100.2"));
        awaitCached(opinion, ip("198.51.100.2"));

        assertThat(opinion.errors()).isEqualTo(1);
        assertThat(opinion.cached(ip("198.51.100.1"))).isNull();
        assertThat(log.lines()).singleElement().asString().startsWith("WARN ").contains("could not decode");
    }

    @Test
    void slowAnswersTimeOutWhileRequestStaysNonBlocking() {
        stub("198.51.100.1", ok(MINIMAL_BODY).withFixedDelay(1_500));
        InsightsSecondOpinion opinion = open(Map.of("logintelemetry.geoip.insights.timeout", "PT0.3S"));
        long started = System.nanoTime();

        opinion.request(ip("198.51.100.1"));
        await(() -> opinion.queries() == 1);
        // The worker is stuck on the slow call: requests must still return at once (and drop when full).
        long worst = 0;
        for (int i = 0; i < 100; i++) {
            long t = System.nanoTime();
            opinion.request(IpAddress.ofV4(0xC0000200 + i));
            worst = Math.max(worst, System.nanoTime() - t);
        }
        assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(50));
        assertThat(opinion.dropped()).isPositive();

        await(() -> opinion.errors() >= 1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_400));
        assertThat(opinion.cached(ip("198.51.100.1"))).isNull();
        assertThat(log.all()).contains("timed out");
    }

    @Test
    void closeStopsTheWorkerPromptlyEvenDuringASlowCall() {
        stub("198.51.100.1", ok(MINIMAL_BODY).withFixedDelay(3_000));
        InsightsSecondOpinion opinion = open(Map.of("logintelemetry.geoip.insights.timeout", "PT10S"));
        opinion.request(ip("198.51.100.1"));
        await(() -> opinion.queries() == 1);
        pause(50);

        long started = System.nanoTime();
        opinion.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(opinion.isWorkerAlive()).isFalse();
        assertThat(opinion.errors()).isZero(); // closing is not a failure
        opinion.request(ip("198.51.100.2"));
        assertThat(opinion.queries()).isEqualTo(1);
    }

    @Test
    void queriesStayWithinTheRateLimit() {
        wireMock.stubFor(get(urlPathMatching(INSIGHTS + ".*")).willReturn(ok(MINIMAL_BODY)));
        int perSecond = 5;
        int count = 8;
        InsightsSecondOpinion opinion = open(Map.of("logintelemetry.geoip.insights.max-per-second", "" + perSecond));

        for (int i = 0; i < count; i++) {
            opinion.request(IpAddress.ofV4(0xC6336400 + i));
        }
        await(() -> opinion.answers() == count, Duration.ofSeconds(5));

        List<Long> times = insightsRequests().stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(times).hasSize(count);
        // Any window a little under a second (for arrival jitter) holds at most max-per-second queries.
        for (int i = 0; i < times.size(); i++) {
            long start = times.get(i);
            long inWindow = times.stream().filter(t -> t >= start && t < start + 980).count();
            assertThat(inWindow).as("queries in the window from query %d", i).isLessThanOrEqualTo(perSecond);
        }
        long spacing = 1000 / perSecond;
        assertThat(times.get(count - 1) - times.get(0)).isGreaterThanOrEqualTo((count - 1) * spacing - 50);
    }

    @Test
    void theDailyBudgetHoldsUntilTheNextUtcDay() {
        wireMock.stubFor(get(urlPathMatching(INSIGHTS + ".*")).willReturn(ok(MINIMAL_BODY)));
        InsightsSecondOpinion opinion = open(Map.of("logintelemetry.geoip.insights.daily-budget", "3"));

        for (int i = 1; i <= 5; i++) {
            opinion.request(ip("198.51.100." + i));
        }
        await(() -> opinion.answers() + opinion.skippedForBudget() == 5);
        opinion.request(ip("198.51.100.6"));
        opinion.request(ip("198.51.100.7"));
        await(() -> opinion.skippedForBudget() == 4);

        assertThat(insightsRequests()).hasSize(3);
        assertThat(opinion.queries()).isEqualTo(3);
        assertThat(log.lines()).singleElement().asString()
                .contains("daily budget of 3", "2025-06-01", "logintelemetry.geoip.insights.daily-budget");

        // Late on the same UTC day: still nothing. After midnight UTC: a fresh budget.
        clock.set(Instant.parse("2025-06-01T23:59:59Z"));
        opinion.request(ip("198.51.100.8"));
        await(() -> opinion.skippedForBudget() == 5);
        clock.set(Instant.parse("2025-06-02T00:00:00Z"));
        opinion.request(ip("198.51.100.8"));
        awaitCached(opinion, ip("198.51.100.8"));
        assertThat(insightsRequests()).hasSize(4);
    }

    @Test
    void disabledIsNone() {
        assertThat(InsightsSecondOpinion.fromConfig(LoginTelemetryConfig.defaults())).isSameAs(SecondOpinion.NONE);
    }

    @Test
    void enabledWithoutCredentialsNamesTheMissingKey() {
        assertThatThrownBy(() -> InsightsSecondOpinion.fromConfig(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.geoip.insights.enabled", "true",
                "logintelemetry.geoip.insights.license-key", LICENSE_KEY))))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("logintelemetry.geoip.insights.account-id"));
        assertThatThrownBy(() -> InsightsSecondOpinion.fromConfig(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.geoip.insights.enabled", "true",
                "logintelemetry.geoip.insights.account-id", "42"))))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("logintelemetry.geoip.insights.license-key"));
        assertThatThrownBy(() -> InsightsSecondOpinion.fromConfig(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.geoip.insights.enabled", "true",
                "logintelemetry.geoip.insights.account-id", "forty-two",
                "logintelemetry.geoip.insights.license-key", LICENSE_KEY))))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("logintelemetry.geoip.insights.account-id");
                    assertThat(e.getMessage()).doesNotContain(LICENSE_KEY);
                });
    }

    @Test
    void theDescriptionNeverShowsTheKey() {
        assertThat(open(Map.of())).asString().contains("42").doesNotContain(LICENSE_KEY);
    }

    @Test
    void addressesBecomeInetAddressesFromTheirBytes() {
        assertThat(ip("203.0.113.7").toInetAddress().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(ip("255.255.255.255").toInetAddress().getHostAddress()).isEqualTo("255.255.255.255");
        assertThat(ip("2001:db8::ff:1").toInetAddress().getHostAddress())
                .isEqualTo("2001:db8:0:0:0:0:ff:1");
        // An IPv4-mapped address is asked about as the IPv4 address it carries.
        assertThat(ip("::ffff:192.0.2.9").toInetAddress().getHostAddress()).isEqualTo("192.0.2.9");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static final InsightsSecondOpinion.Tuning TUNING = new InsightsSecondOpinion.Tuning(
            64, 1_000, Duration.ofMillis(500), Duration.ofHours(1),
            Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofSeconds(2));

    private InsightsSecondOpinion open(Map<String, String> overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("logintelemetry.geoip.insights.enabled", "true");
        raw.put("logintelemetry.geoip.insights.account-id", "42");
        raw.put("logintelemetry.geoip.insights.license-key", LICENSE_KEY);
        raw.put("logintelemetry.geoip.insights.host", "localhost");
        raw.put("logintelemetry.geoip.insights.port", "" + wireMock.port());
        raw.put("logintelemetry.geoip.insights.tls", "false");
        // Generous enough for a loaded build machine; the tests about slowness set their own.
        raw.put("logintelemetry.geoip.insights.timeout", "PT1S");
        raw.put("logintelemetry.geoip.insights.max-per-second", "50");
        raw.put("logintelemetry.geoip.insights.daily-budget", "1000");
        raw.putAll(overrides);
        InsightsSecondOpinion opinion = (InsightsSecondOpinion) InsightsSecondOpinion.fromConfig(
                LoginTelemetryConfig.from(raw), clock, log, TUNING);
        opened.add(opinion);
        return opinion;
    }

    private void stub(String ip, ResponseDefinitionBuilder response) {
        wireMock.stubFor(get(urlPathEqualTo(INSIGHTS + ip)).willReturn(response));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", ERROR_JSON)
                .withBody("{\"code\":\"" + code + "\",\"error\":\"" + message + "\"}");
    }

    private List<LoggedRequest> insightsRequests() {
        List<LoggedRequest> requests = new ArrayList<>(wireMock.findAll(getRequestedFor(urlPathMatching(INSIGHTS + ".*"))));
        requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return requests;
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }

    private IpInfo awaitCached(SecondOpinion opinion, IpAddress ip) {
        await(() -> opinion.cached(ip) != null);
        return opinion.cached(ip);
    }

    private void await(BooleanSupplier condition) {
        await(condition, Duration.ofSeconds(3));
    }

    /** Polls a condition, failing after {@code max}: every wait in these tests is bounded. */
    private void await(BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + max + "; log:\n" + log.all());
            }
            pause(5);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Keeps what would have been logged, with its level, so tests can read it. */
    private static final class RecordingLog implements Logs.Logger {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        @Override
        public void error(String message, Throwable cause) {
            lines.add("ERROR " + message + (cause == null ? "" : " " + cause));
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        String all() {
            return String.join("\n", lines);
        }
    }

    /** A clock the tests move across UTC midnight. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
