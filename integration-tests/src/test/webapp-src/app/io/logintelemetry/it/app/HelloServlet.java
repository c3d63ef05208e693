package io.logintelemetry.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * /app/hello: a page that depends only on the app, never on the filter's attributes, so the same
 * request gives the same body with and without the filter (the fail-open comparison relies on it).
 */
public class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("hello " + request.getRemoteUser() + "\n");
    }
}
