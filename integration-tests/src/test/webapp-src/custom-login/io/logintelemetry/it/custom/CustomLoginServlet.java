package io.logintelemetry.it.custom;

import io.logintelemetry.api.LoginTelemetry;
import io.logintelemetry.flag.Flag;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * POST /custom/login (user, password): the app's own login, unknown to the container. Every user's
 * password is "correct horse". Reports each attempt through the public API and answers with the
 * signals of the flags the login raised, one "key=value" per line.
 */
public class CustomLoginServlet extends HttpServlet {

    static final String SESSION_USER = "custom.user";
    private static final String PASSWORD = "correct horse";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getParameter("user");
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        if (PASSWORD.equals(request.getParameter("password"))) {
            request.getSession(true).setAttribute(SESSION_USER, user);
            List<Flag> flags = LoginTelemetry.recordLogin(request, user);
            response.getWriter().write("welcome=" + user + "\nflags="
                    + flags.stream().map(f -> f.signal().id()).collect(Collectors.joining(",")) + "\n");
        } else {
            LoginTelemetry.recordLoginFailure(request, user);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().write("wrong password\n");
        }
    }
}
