package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.JettyContainer;
import java.nio.file.Path;

/** The filter's contract on embedded Jetty 12 (ee10). */
class JettyIT extends LoginTelemetryContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new JettyContainer();
    }
}
