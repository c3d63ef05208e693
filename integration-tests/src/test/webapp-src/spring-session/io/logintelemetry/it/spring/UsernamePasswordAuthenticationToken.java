package io.logintelemetry.it.spring;

import java.io.Serializable;

/** Look-alike of the token of a user who logged in with a password. */
public class UsernamePasswordAuthenticationToken implements Authentication, Serializable {

    private static final long serialVersionUID = 1L;
    private final String name;

    public UsernamePasswordAuthenticationToken(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }
}
