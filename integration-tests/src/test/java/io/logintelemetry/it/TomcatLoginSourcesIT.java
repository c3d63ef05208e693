package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.TomcatContainer;
import java.nio.file.Path;

/** Logins the container does not know about (public API, login path, tokens, gateway header, session attribute), on embedded Tomcat 11. */
class TomcatLoginSourcesIT extends LoginSourcesContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new TomcatContainer(workDir);
    }
}
