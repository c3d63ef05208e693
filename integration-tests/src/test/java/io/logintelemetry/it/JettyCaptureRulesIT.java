package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.JettyContainer;
import java.nio.file.Path;

/** Capture rules on embedded Jetty 12 (ee10). */
class JettyCaptureRulesIT extends CaptureRulesContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new JettyContainer();
    }
}
