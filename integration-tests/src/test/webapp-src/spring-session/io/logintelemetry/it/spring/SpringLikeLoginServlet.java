package io.logintelemetry.it.spring;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * GET /spring/login?user=NAME stores a context of NAME in the session attribute
 * SPRING_SECURITY_CONTEXT, as Spring Security does after a login (no password check: not the point
 * here); GET /spring/anonymous stores an anonymous context there instead.
 */
public class SpringLikeLoginServlet extends HttpServlet {

    static final String ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication authentication = request.getServletPath().endsWith("/anonymous")
                ? new AnonymousAuthenticationToken()
                : new UsernamePasswordAuthenticationToken(request.getParameter("user"));
        request.getSession(true).setAttribute(ATTRIBUTE, new SecurityContextImpl(authentication));
        response.setContentType("text/plain");
        response.getWriter().write("context=" + authentication.getName() + "\n");
    }
}
