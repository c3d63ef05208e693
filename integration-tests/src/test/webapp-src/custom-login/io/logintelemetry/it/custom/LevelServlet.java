package io.logintelemetry.it.custom;

import io.logintelemetry.api.LoginTelemetry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /custom/level?account=...: what LoginTelemetry.levelOf says about the account, as the app would ask. */
public class LevelServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(LoginTelemetry.levelOf(request, request.getParameter("account")).wireName() + "\n");
    }
}
