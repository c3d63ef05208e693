package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.StockTomcat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent whose every advice throws (the test switch io.logintelemetry.agent.test.throw-in-advice)
 * leaves every response of Tomcat's examples exactly as a Tomcat without the agent gives it: pages,
 * JSPs, FORM login, failed login, logout by session end, errors.
 */
class Tomcat11FaultyAgentIT {

    @Test
    void everyResponseIsTheSameAsWithoutTheAgent() throws Exception {
        Path tomcat11 = Path.of(System.getProperty("tomcat11.home"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "Tomcat11FaultyAgentIT");
        List<String> plain;
        try (StockTomcat tomcat = StockTomcat.of(tomcat11).user("gina", "gina-secret").withoutAgentAtStart()
                .start(work.resolve("plain"))) {
            plain = script(tomcat);
        }
        List<String> faulty;
        try (StockTomcat tomcat = StockTomcat.of(tomcat11).user("gina", "gina-secret")
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32")
                .jvmOption("-Dio.logintelemetry.agent.test.throw-in-advice=true")
                .start(work.resolve("faulty"))) {
            faulty = script(tomcat);
            assertThat(tomcat.console()).as("the advice ran and threw")
                    .contains("Login Telemetry agent: failure injected into every advice");
            assertThat(tomcat.agentLogText()).contains("Login Telemetry agent installed");
        }
        assertThat(faulty).containsExactlyElementsOf(plain);
    }

    /** The same requests against either Tomcat; each answer with session ids and the context path taken out. */
    private static List<String> script(StockTomcat tomcat) {
        FormLoginClient browser = new FormLoginClient(tomcat.uri("/examples")).forwardedFor("198.51.100.5");
        List<String> answers = new ArrayList<>();
        answers.add(browser.get("/servlets/servlet/HelloWorldExample").comparable("/examples"));
        answers.add(browser.get("/index.html").comparable("/examples"));
        answers.add(browser.get("/no-such-page").comparable("/examples").replaceAll("Apache Tomcat/[0-9.]+", ""));
        answers.add(browser.login("gina", "wrong", "/jsp/security/protected/index.jsp").comparable("/examples"));
        answers.add(browser.login("gina", "gina-secret", "/jsp/security/protected/index.jsp").comparable("/examples")
                .replaceAll("[0-9A-F]{32}", "SESSION"));
        answers.add(browser.get("/jsp/security/protected/index.jsp?logoff=true").comparable("/examples"));
        answers.add(browser.post("/servlets/servlet/RequestParamExample", Map.of("firstname", "Ada", "lastname", "L"))
                .comparable("/examples"));
        return answers;
    }
}
