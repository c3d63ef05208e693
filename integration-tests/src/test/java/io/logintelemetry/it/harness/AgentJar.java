package io.logintelemetry.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The agent jar under test (agent/target/logintelemetry-agent.jar), named by the build. */
public final class AgentJar {

    private AgentJar() {
    }

    public static Path path() {
        String p = System.getProperty("agent.jar");
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("agent jar not found (system property agent.jar: " + p + "); package the agent module first");
        }
        return Path.of(p).toAbsolutePath();
    }
}
