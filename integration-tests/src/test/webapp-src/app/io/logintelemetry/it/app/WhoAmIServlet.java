package io.logintelemetry.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * /app/whoami: tells the test what the filter told the app. Everything the filter leaves on the
 * request is echoed as JSON, so the test reads exactly what an application would read. The flags
 * attribute is already a JSON array and goes in verbatim: if it were not valid JSON the test's
 * parser would say so.
 */
public class WhoAmIServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object flagsJson = request.getAttribute("io.logintelemetry.flags.json");
        Object flagsList = request.getAttribute("io.logintelemetry.flags");
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        out.append("\"user\":").append(Json.string(request.getRemoteUser()));
        out.append(",\"clientIp\":").append(Json.string(stringOrNull(request.getAttribute("io.logintelemetry.client-ip"))));
        out.append(",\"level\":").append(Json.string(stringOrNull(request.getAttribute("io.logintelemetry.level"))));
        out.append(",\"flags\":").append(flagsJson instanceof String s ? s : "null");
        out.append(",\"flagsListSize\":").append(flagsList instanceof List<?> l ? l.size() : -1);
        out.append('}');
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(out.toString());
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }
}
