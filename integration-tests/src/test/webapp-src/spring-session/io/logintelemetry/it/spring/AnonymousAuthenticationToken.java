package io.logintelemetry.it.spring;

import java.io.Serializable;

/** Look-alike of Spring Security's anonymous token: it has a name, but nobody logged in. */
public class AnonymousAuthenticationToken implements Authentication, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
        return "anonymousUser";
    }
}
