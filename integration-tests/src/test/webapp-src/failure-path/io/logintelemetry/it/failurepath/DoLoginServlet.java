package io.logintelemetry.it.failurepath;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * POST (user, password): an app's own login form handler. Answers 401 to a wrong password, 200 to
 * "correct horse"; it knows nothing about Login Telemetry.
 */
public class DoLoginServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        if ("correct horse".equals(request.getParameter("password"))) {
            response.getWriter().write("welcome " + request.getParameter("user") + "\n");
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().write("wrong password\n");
        }
    }
}
