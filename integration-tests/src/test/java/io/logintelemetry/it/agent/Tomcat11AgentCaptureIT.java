package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.it.harness.AgentFlagLog;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import io.logintelemetry.it.harness.WebappBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Capture rules under the agent, in a stock Tomcat 11 whose webapp reports nothing and carries no
 * Login Telemetry jar (webapp-src/capture): a form rule and a JSON-body rule make their events as
 * with the filter, the JSON body the app reads itself reaches it unchanged (through its reader, and
 * its stream in small reads), and the detectors that need bundled libraries work inside the shaded
 * agent jar: ICU4J name matching (payout.name_mismatch on Japanese names) and wallet checksums
 * (message.crypto_payment).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat11AgentCaptureIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CONTEXT = "/capture";
    private static final String RULES = String.join(";",
            "POST /app/settings/payout if form:declared -> profile name=form:declared country=const:JP",
            "POST /app/settings/payout -> payout_account holder_name=form:holder payout_ref=form:account_no",
            "POST /app/api/messages if json:/meta/kind=direct -> message to=json:/to text=json:/body");

    private StockTomcat tomcat;
    private AgentFlagLog flags;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11AgentCaptureIT");
        Path app = WebappBuilder.testApp().withoutFilter().withSourceSet("capture").buildIn(work.resolve("capture"));
        StockTomcat.Builder b = StockTomcat.of(Path.of(System.getProperty("tomcat11.home")))
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .config("logintelemetry.capture.rules", RULES)
                .config("logintelemetry.capture.max-body-bytes", "2048")
                .config("logintelemetry.marketplace.enabled", "true")
                .config("logintelemetry.hash.secret", "agent-capture-it-secret-0123456789")
                .deploy("capture", app)
                .jmx();
        for (String user : new String[] {"payee1", "payee2", "sender1", "sender2"}) {
            b.user(user, user + "-secret");
        }
        tomcat = b.start(work);
        flags = new AgentFlagLog(tomcat.agentLog());
        tomcat.awaitAgentLog("Login Telemetry started for " + CONTEXT, WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    private long events(String type) throws Exception {
        return tomcat.jmxMap("io.logintelemetry:type=Metrics,context=\"" + CONTEXT + "\"", "EventsByType").getOrDefault(type, 0L);
    }

    private FormLoginClient loggedIn(String user) {
        FormLoginClient browser = new FormLoginClient(tomcat.uri(CONTEXT)).forwardedFor("192.0.2.60");
        assertThat(browser.login(user, user + "-secret").status()).isEqualTo(200);
        return browser;
    }

    @Test
    void formRulesMakeProfileAndPayoutEventsAndIcuMatchesTheJapaneseNames() throws Exception {
        long profiles = events("profile");
        long payouts = events("payout_account");

        // The same person: a Latin declared name, the bank's half-width katakana holder name.
        FormLoginClient.Exchange same = loggedIn("payee1").post("/app/settings/payout",
                Map.of("declared", "Taro Yamada", "holder", "ﾔﾏﾀﾞ ﾀﾛｳ", "account_no", "0005-123-1234567"));
        assertThat(same.body()).as("the app read its own parameters").isEqualTo("holder=ﾔﾏﾀﾞ ﾀﾛｳ\naccount_no=0005-123-1234567\n");
        // Someone else's account.
        FormLoginClient.Exchange other = loggedIn("payee2").post("/app/settings/payout",
                Map.of("declared", "Taro Yamada", "holder", "ｽｽﾞｷ ｲﾁﾛｳ", "account_no", "0005-123-7654321"));
        assertThat(other.status()).isEqualTo(200);
        FormLoginClient.Exchange refused = loggedIn("payee2").post("/app/settings/payout",
                Map.of("declared", "Taro Yamada", "holder", " ", "account_no", "0005-123-0000000"));
        assertThat(refused.status()).as("the app refused it: no event").isEqualTo(400);

        JsonNode flag = flags.await(f -> "payout.name_mismatch".equals(f.path("signal").asText())
                && "payee2".equals(f.path("account").asText()), WAIT);
        assertThat(flag.path("evidence").path("verdict").asText()).isEqualTo("different");
        assertThat(flag.toString()).as("names are personal data").doesNotContain("ｽｽﾞｷ", "Yamada");
        assertThat(events("profile")).isEqualTo(profiles + 2);
        assertThat(events("payout_account")).isEqualTo(payouts + 2);
        assertThat(flags.flags("payout.name_mismatch", "payee1")).as("ICU4J matched Taro Yamada and ﾔﾏﾀﾞ ﾀﾛｳ").isEmpty();
    }

    @Test
    void jsonRulesReadTheBodyTheAppReadsWhichReachesItUnchangedAndWalletChecksumsWork() throws Exception {
        long messages = events("message");
        String body = "{\"to\":\"client-42\",\"body\":\"Send it to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 please\",\"meta\":{\"kind\":\"direct\"}}";
        FormLoginClient sender = loggedIn("sender1");
        FormLoginClient.Exchange viaReader = sender.post("/app/api/messages", "application/json; charset=UTF-8", body);
        FormLoginClient.Exchange viaStream = sender.post("/app/api/messages?stream=1", "application/json",
                body.replace("client-42", "client-43"));
        FormLoginClient.Exchange broadcast = sender.post("/app/api/messages", "application/json",
                body.replace("direct", "broadcast"));
        assertThat(viaReader.status()).isEqualTo(201);
        assertThat(viaReader.body()).as("the app read its body unchanged (reader)").isEqualTo(body);
        assertThat(viaStream.body()).as("the app read its body unchanged (stream, 7-byte reads)")
                .isEqualTo(body.replace("client-42", "client-43"));
        assertThat(broadcast.body()).isEqualTo(body.replace("direct", "broadcast"));

        JsonNode flag = flags.await(f -> "message.crypto_payment".equals(f.path("signal").asText())
                && "sender1".equals(f.path("account").asText()), WAIT);
        assertThat(flag.path("summary").asText()).contains("wallet address").contains("(to client-4");
        assertThat(flag.toString()).as("the address itself is not repeated").doesNotContain("1BvBMSEY");

        // One character off: the checksum fails, no flag.
        FormLoginClient other = loggedIn("sender2");
        assertThat(other.post("/app/api/messages", "application/json", body.replace("VN2", "VN3")).status()).isEqualTo(201);
        assertThat(events("message")).as("the two direct messages of sender1 and the one of sender2, not the broadcast")
                .isEqualTo(messages + 3);
        assertThat(flags.flags("message.crypto_payment", "sender2")).isEmpty();
    }

    @Test
    void aJsonBodyOverTheLimitReachesTheAppWholeAndMakesNoEvent() throws Exception {
        long messages = events("message");
        String body = "{\"to\":\"client-5\",\"body\":\"" + "あ".repeat(3000) + "\",\"meta\":{\"kind\":\"direct\"}}";
        FormLoginClient.Exchange post = loggedIn("sender2").post("/app/api/messages?stream=1", "application/json", body);
        assertThat(post.body()).as("all 9 KB reached the app").isEqualTo(body);
        assertThat(events("message")).as("over capture.max-body-bytes=2048: not captured").isEqualTo(messages);
    }
}
