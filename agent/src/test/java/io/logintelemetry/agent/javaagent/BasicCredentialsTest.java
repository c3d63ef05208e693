package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The user name of a refused BASIC login, from the Authorization header the client sent. */
class BasicCredentialsTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theUserBeforeTheFirstColonNamesTheFailedLogin() {
        assertThat(AgentHandler.basicUser(basic("ivy:wrong"))).isEqualTo("ivy");
        assertThat(AgentHandler.basicUser(basic("山田:pass:with:colons"))).isEqualTo("山田");
        assertThat(AgentHandler.basicUser("basic " + basic("ivy:x").substring(6))).as("scheme in any case").isEqualTo("ivy");
    }

    @Test
    void noCredentialsOrUnreadableOnesNameNobody() {
        assertThat(AgentHandler.basicUser(null)).as("a challenge: no header").isNull();
        assertThat(AgentHandler.basicUser("Bearer abc.def")).isNull();
        assertThat(AgentHandler.basicUser("Basic !!not-base64!!")).isNull();
        assertThat(AgentHandler.basicUser(basic("no-colon"))).isNull();
        assertThat(AgentHandler.basicUser(basic(":password-only"))).isNull();
        assertThat(AgentHandler.basicUser("Basic " + "A".repeat(5000))).as("longer than any real header").isNull();
    }
}
