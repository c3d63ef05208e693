package io.logintelemetry.it.stateless;

import jakarta.servlet.http.HttpServletRequest;

/** The test's token scheme: "Authorization: Bearer user:NAME" authenticates NAME. Only a stand-in for real token checks. */
final class BearerToken {

    /** Where the app leaves the authenticated user (logintelemetry.login.request-attribute points here). */
    static final String USER_ATTRIBUTE = "app.user";
    private static final String PREFIX = "Bearer user:";

    private BearerToken() {
    }

    /** The user the request's token names, or null. */
    static String userOf(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.startsWith(PREFIX) ? authorization.substring(PREFIX.length()) : null;
    }
}
