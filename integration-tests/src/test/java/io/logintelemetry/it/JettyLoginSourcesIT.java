package io.logintelemetry.it;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.JettyContainer;
import java.nio.file.Path;

/** Logins the container does not know about (public API, login path, tokens, gateway header, session attribute), on embedded Jetty 12 (ee10). */
class JettyLoginSourcesIT extends LoginSourcesContractTests {

    @Override
    Container createContainer(Path workDir) {
        return new JettyContainer();
    }
}
