package io.logintelemetry.it.agent;

import java.nio.file.Path;

/** The agent in the stock Apache Tomcat 10.1 distribution (jakarta.servlet, Servlet 6.0). */
class Tomcat10AgentIT extends StockTomcatAgentContract {

    @Override
    Path distribution() {
        return Path.of(System.getProperty("tomcat10.home"));
    }
}
