package io.logintelemetry.it.agent;

import java.nio.file.Path;

/** The agent in the stock Apache Tomcat 9 distribution (javax.servlet, Servlet 4.0). */
class Tomcat9AgentIT extends StockTomcatAgentContract {

    @Override
    Path distribution() {
        return Path.of(System.getProperty("tomcat9.home"));
    }
}
