package io.logintelemetry.it.spring;

/** Look-alike of Spring Security's SecurityContext, what it keeps in the session. */
public interface SecurityContext {

    Authentication getAuthentication();
}
