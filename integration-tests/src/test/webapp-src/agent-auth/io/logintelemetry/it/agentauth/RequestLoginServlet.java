package io.logintelemetry.it.agentauth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * POST /public/request-login (user, password): the app's own login form, checked by the container
 * through {@code HttpServletRequest.login}. The session comes first, so the container keeps the
 * principal in it for the following requests. Nothing here knows about Login Telemetry.
 */
public class RequestLoginServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getSession(true);
        response.setContentType("text/plain");
        try {
            request.login(request.getParameter("user"), request.getParameter("password"));
            response.getWriter().write("in=" + request.getRemoteUser() + "\n");
        } catch (ServletException refused) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().write("refused\n");
        }
    }
}
