package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.TomcatContainer;
import java.nio.file.Path;

/** The filter's contract on embedded Tomcat 11. */
class TomcatIT extends LoginTelemetryContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new TomcatContainer(workDir);
    }
}
