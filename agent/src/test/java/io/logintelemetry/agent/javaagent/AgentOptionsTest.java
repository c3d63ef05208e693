package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void keysGetThePrefixAndCommasInValuesStayWithTheirValue() {
        Map<String, String> options = AgentOptions.parse(
                "config=/etc/lt.properties,proxy.trusted=10.0.0.0/8,192.168.0.0/16, logintelemetry.agent.per-webapp=false");
        assertThat(options).containsExactly(
                Map.entry("logintelemetry.config", "/etc/lt.properties"),
                Map.entry("logintelemetry.proxy.trusted", "10.0.0.0/8,192.168.0.0/16"),
                Map.entry("logintelemetry.agent.per-webapp", "false"));
    }

    @Test
    void noOptionsAreNoKeys() {
        assertThat(AgentOptions.parse(null)).isEmpty();
        assertThat(AgentOptions.parse("  ")).isEmpty();
    }
}
