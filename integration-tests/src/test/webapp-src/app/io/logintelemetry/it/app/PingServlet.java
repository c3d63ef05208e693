package io.logintelemetry.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * /public/ping: unauthenticated. Also reports the client address the filter resolved, so the proxy
 * rules can be checked without logging in.
 */
public class PingServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        Object clientIp = request.getAttribute("io.logintelemetry.client-ip");
        response.getWriter().write("pong\n");
        if (request.getParameter("ip") != null) {
            response.getWriter().write("client-ip=" + clientIp + "\n");
        }
    }
}
