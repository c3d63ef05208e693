package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.TomcatContainer;
import java.nio.file.Path;

/** Declaring, configuring, scoping the filter, its device cookie and actions, on embedded Tomcat 11. */
class TomcatDeploymentIT extends DeploymentContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new TomcatContainer(workDir);
    }
}
