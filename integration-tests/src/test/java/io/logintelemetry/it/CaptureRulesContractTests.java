package io.logintelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.FormLoginClient.Exchange;
import io.logintelemetry.it.harness.WebappBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Capture rules on an app that reports nothing itself (webapp-src/capture): configuration turns its
 * payout form and its JSON message API into payout_account and message events. What a user checks:
 * the events counted over JMX (EventsByType); what the engine received, as the app's own detector
 * plug-in (EventRecorder) wrote it down; and that the app still read its own parameters and body.
 */
abstract class CaptureRulesContractTests extends ContainerTests {

    static final String CAPTURE = "/capture";
    static final String RULES = String.join(";",
            "POST /app/settings/payout -> payout_account holder_name=form:holder payout_ref=form:account_no",
            "POST /app/api/messages if json:/meta/kind=direct -> message to=json:/to text=json:/body",
            "POST /app/api/ignored -> message to=json:/to text=json:/body");

    @Override
    void deployApps() {
        addUsers("payee", "sender", "ignored", "big", "plain", "chunked");
        deploy(CAPTURE, WebappBuilder.testApp()
                .withSourceSet("capture")
                .config("logintelemetry.capture.rules", RULES)
                .config("logintelemetry.capture.max-body-bytes", "2048"));
    }

    @Test
    void aFormPostBecomesAPayoutAccountEventAndTheAppReadsItsParameters() {
        String user = account("payee");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long payouts = metrics.eventsOfType("payout_account");

        Exchange post = browser.post("/app/settings/payout", Map.of("holder", "ﾔﾏﾀﾞ ﾀﾛｳ", "account_no", "0005-123-1234567"));

        assertThat(post.status()).as(post.toString()).isEqualTo(200);
        assertThat(post.body()).as("the app read its own parameters").isEqualTo("holder=ﾔﾏﾀﾞ ﾀﾛｳ\naccount_no=0005-123-1234567\n");
        assertThat(metrics.eventsOfType("payout_account")).as("payout_account events").isEqualTo(payouts + 1);
        assertThat(recorded(user)).containsExactly("payout_account account=" + user + " holder_name=ﾔﾏﾀﾞ ﾀﾛｳ payout_ref=present");
    }

    @Test
    void aRejectedFormPostMakesNoEvent() {
        String user = account("payee");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long payouts = metrics.eventsOfType("payout_account");
        int before = recorded(user).size();

        Exchange post = browser.post("/app/settings/payout", Map.of("holder", " ", "account_no", "0005-123-7654321"));

        assertThat(post.status()).as("the app refused it").isEqualTo(400);
        assertThat(metrics.eventsOfType("payout_account")).as("no event on a 4xx answer").isEqualTo(payouts);
        assertThat(recorded(user)).hasSize(before);
    }

    @Test
    void aJsonPostBecomesAMessageEventAndTheAppReadsItsBodyUnchanged() {
        String user = account("sender");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long messages = metrics.eventsOfType("message");
        String body = "{\"to\":\"client-42\",\"body\":\"LINE IDはtaro_1234です。直接取引しましょう\",\"meta\":{\"kind\":\"direct\"}}";

        Exchange post = browser.post("/app/api/messages", "application/json; charset=UTF-8", body);
        Exchange chunked = browser.post("/app/api/messages?stream=1", "application/json", body.replace("client-42", "client-43"));

        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(post.body()).as("the app read its body unchanged (reader)").isEqualTo(body);
        assertThat(chunked.body()).as("the app read its body unchanged (stream, 7-byte reads)")
                .isEqualTo(body.replace("client-42", "client-43"));
        assertThat(metrics.eventsOfType("message")).as("message events").isEqualTo(messages + 2);
        assertThat(recorded(user)).containsExactly(
                "message account=" + user + " text=LINE IDはtaro_1234です。直接取引しましょう to=client-42",
                "message account=" + user + " text=LINE IDはtaro_1234です。直接取引しましょう to=client-43");
    }

    @Test
    void jsonPostsOutsideTheRuleMakeNoEvent() {
        String user = account("plain");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long messages = metrics.eventsOfType("message");
        String broadcast = "{\"to\":\"all\",\"body\":\"hello\",\"meta\":{\"kind\":\"broadcast\"}}";
        String direct = "{\"to\":\"client-1\",\"body\":\"hello\",\"meta\":{\"kind\":\"direct\"}}";

        Exchange otherKind = browser.post("/app/api/messages", "application/json", broadcast);
        Exchange notJson = browser.post("/app/api/messages", "text/plain", direct);
        Exchange broken = browser.post("/app/api/messages", "application/json", "{\"to\":\"client-1\",\"body\":");

        assertThat(otherKind.body()).isEqualTo(broadcast);
        assertThat(notJson.body()).as("a content type we do not copy: the app reads it as ever").isEqualTo(direct);
        assertThat(broken.body()).isEqualTo("{\"to\":\"client-1\",\"body\":");
        assertThat(metrics.eventsOfType("message")).as("the condition fails, the type is not JSON, the JSON is broken")
                .isEqualTo(messages);
        assertThat(recorded(user)).isEmpty();
    }

    @Test
    void aBodyTheAppDoesNotReadStaysUnreadAndMakesNoEvent() {
        String user = account("ignored");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long messages = metrics.eventsOfType("message");

        Exchange post = browser.post("/app/api/ignored", "application/json", "{\"to\":\"client-9\",\"body\":\"hi\"}");

        assertThat(post.status()).isEqualTo(202);
        assertThat(post.body()).isEqualTo("accepted unread\n");
        assertThat(metrics.eventsOfType("message")).as("we read nothing the app did not read").isEqualTo(messages);
        assertThat(browser.get("/app/whoami").status()).as("the connection and session go on").isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitReachesTheAppWholeAndMakesNoEvent() {
        String user = account("big");
        FormLoginClient browser = loggedIn(user);
        FilterMetrics metrics = FilterMetrics.of(CAPTURE);
        long messages = metrics.eventsOfType("message");
        String body = "{\"to\":\"client-5\",\"body\":\"" + "あ".repeat(3000) + "\",\"meta\":{\"kind\":\"direct\"}}";

        Exchange post = browser.post("/app/api/messages", "application/json", body);

        assertThat(post.body()).as("all 9 KB reached the app").isEqualTo(body);
        assertThat(metrics.eventsOfType("message")).as("over capture.max-body-bytes=2048: not captured").isEqualTo(messages);
    }

    private FormLoginClient loggedIn(String user) {
        FormLoginClient browser = browser(CAPTURE);
        Exchange login = browser.login(user, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return browser;
    }

    /** The events of {@code user} the app's recorder plug-in saw, in order. */
    private List<String> recorded(String user) {
        Exchange e = browser(CAPTURE).get("/public/recorded-events");
        assertThat(e.status()).isEqualTo(200);
        return e.body().lines().filter(l -> l.contains(" account=" + user + " ")).toList();
    }
}
