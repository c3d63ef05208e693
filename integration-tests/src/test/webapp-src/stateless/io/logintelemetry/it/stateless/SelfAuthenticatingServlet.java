package io.logintelemetry.it.stateless;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /self/whoami: checks the bearer token in the servlet itself (no filter) and leaves the user in app.user. */
public class SelfAuthenticatingServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = BearerToken.userOf(request);
        response.setContentType("text/plain");
        if (user == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        request.setAttribute(BearerToken.USER_ATTRIBUTE, user);
        response.getWriter().write("me=" + user + "\n");
    }
}
