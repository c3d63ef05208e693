package io.logintelemetry.it.agentauth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /public/request-logout: {@code HttpServletRequest.logout()}; the session itself stays. */
public class RequestLogoutServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String who = request.getRemoteUser();
        request.logout();
        response.setContentType("text/plain");
        response.getWriter().write("out=" + who + " now=" + request.getRemoteUser() + "\n");
    }
}
