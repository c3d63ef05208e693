package io.logintelemetry.it.agent;

import java.nio.file.Path;

/** The agent in the stock Apache Tomcat 11 distribution (jakarta.servlet, Servlet 6.1). */
class Tomcat11AgentIT extends StockTomcatAgentContract {

    @Override
    Path distribution() {
        return Path.of(System.getProperty("tomcat11.home"));
    }
}
