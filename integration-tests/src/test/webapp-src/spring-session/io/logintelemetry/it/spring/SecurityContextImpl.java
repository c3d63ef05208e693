package io.logintelemetry.it.spring;

import java.io.Serializable;

/** Look-alike of Spring Security's SecurityContextImpl. */
public class SecurityContextImpl implements SecurityContext, Serializable {

    private static final long serialVersionUID = 1L;
    private final Authentication authentication;

    public SecurityContextImpl(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public Authentication getAuthentication() {
        return authentication;
    }
}
