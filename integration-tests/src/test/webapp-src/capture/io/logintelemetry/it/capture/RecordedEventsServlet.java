package io.logintelemetry.it.capture;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /public/recorded-events: what {@link EventRecorder} wrote down, one event per line. */
public class RecordedEventsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        for (String line : EventRecorder.recorded()) {
            response.getWriter().write(line.replace('\n', ' ') + "\n");
        }
    }
}
