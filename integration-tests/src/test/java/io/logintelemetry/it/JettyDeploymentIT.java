package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.JettyContainer;
import java.nio.file.Path;

/** Declaring, configuring, scoping the filter, its device cookie and actions, on embedded Jetty 12 (ee10). */
class JettyDeploymentIT extends DeploymentContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new JettyContainer();
    }
}
