package io.logintelemetry.it.agentauth;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * GET /app/async: answered on another thread after the first pass returned. With
 * {@code end=complete} that thread ends the session, writes and calls {@code complete()}; with
 * {@code end=dispatch} it dispatches to /app/logout, which ends the session; with
 * {@code end=timeout} it ends the session and never completes, so the container times the request
 * out after a second and completes it itself. Each way the session ends only after the first pass
 * returned, so a watcher that ended the request with its first pass would miss the logout.
 */
public class AsyncServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        String user = request.getRemoteUser();
        boolean dispatch = "dispatch".equals(request.getParameter("end"));
        boolean timeout = "timeout".equals(request.getParameter("end"));
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout ? 1_000 : 10_000);
        async.start(() -> {
            try {
                Thread.sleep(200); // well after the first pass returned
                if (dispatch) {
                    async.dispatch("/app/logout");
                    return;
                }
                HttpSession session = ((HttpServletRequest) async.getRequest()).getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                if (timeout) {
                    return; // neither an answer nor complete(): the container's timeout ends it
                }
                HttpServletResponse res = (HttpServletResponse) async.getResponse();
                res.setContentType("text/plain");
                res.getWriter().write("async " + user + "\n");
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!dispatch && !timeout) {
                    async.complete();
                }
            }
        });
    }
}
