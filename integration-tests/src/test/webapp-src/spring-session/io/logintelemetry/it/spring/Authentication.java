package io.logintelemetry.it.spring;

import java.security.Principal;

/** Look-alike of Spring Security's Authentication: a principal with a name. */
public interface Authentication extends Principal {
}
