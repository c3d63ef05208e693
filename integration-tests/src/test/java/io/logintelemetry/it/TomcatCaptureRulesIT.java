package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.TomcatContainer;
import java.nio.file.Path;

/** Capture rules on embedded Tomcat 11. */
class TomcatCaptureRulesIT extends CaptureRulesContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new TomcatContainer(workDir);
    }
}
