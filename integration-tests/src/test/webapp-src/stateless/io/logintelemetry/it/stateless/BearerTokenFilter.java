package io.logintelemetry.it.stateless;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The app's own stateless authentication: a valid bearer token puts its user into the request
 * attribute app.user; no token is a 401. No session is ever created. Declared in web.xml, it runs
 * before Login Telemetry's filter from the jar's web-fragment.xml (web.xml mappings come first, on
 * Tomcat and Jetty alike), so the filter finds the account already on its before-step.
 */
public class BearerTokenFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String user = BearerToken.userOf(request);
        if (user == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        request.setAttribute(BearerToken.USER_ATTRIBUTE, user);
        chain.doFilter(req, res);
    }
}
