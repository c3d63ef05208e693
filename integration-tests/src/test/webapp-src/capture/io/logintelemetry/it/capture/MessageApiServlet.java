package io.logintelemetry.it.capture;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * POST /app/api/messages: a JSON API that reads its own body (through getReader, or through
 * getInputStream in small chunks when ?stream=1) and answers with exactly what it read, so a test
 * sees that the body reached the application unchanged.
 */
public class MessageApiServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        if ("1".equals(request.getParameter("stream"))) {
            InputStream in = request.getInputStream();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[7];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
            }
            body = out.toString(StandardCharsets.UTF_8);
        } else {
            request.setCharacterEncoding("UTF-8");
            StringBuilder b = new StringBuilder();
            BufferedReader reader = request.getReader();
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                b.append(buffer, 0, n);
            }
            body = b.toString();
        }
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(body);
    }
}
