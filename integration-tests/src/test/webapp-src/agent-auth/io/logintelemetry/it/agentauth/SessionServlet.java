package io.logintelemetry.it.agentauth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /app/session: makes a session for the signed-in user (as apps behind BASIC auth or a token often do). */
public class SessionServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean created = request.getSession(false) == null;
        request.getSession(true);
        response.setContentType("text/plain");
        response.getWriter().write("session " + request.getRemoteUser() + " created=" + created + "\n");
    }
}
