package io.logintelemetry.it.custom;

import io.logintelemetry.api.LoginTelemetry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** POST /custom/profile (name, reading, country): the logged-in user declares a profile; 401 without login. */
public class ProfileServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(CustomLoginServlet.SESSION_USER);
        response.setContentType("text/plain");
        if (user == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        LoginTelemetry.recordProfile(request, (String) user, request.getParameter("name"),
                request.getParameter("reading"), request.getParameter("country"));
        response.getWriter().write("profile=" + user + "\n");
    }
}
