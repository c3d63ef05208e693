package io.logintelemetry.servlet;

import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Turns the end of a session we saw a login on into a {@code session_end} event: {@code timeout}
 * when it expired, {@code invalidated} when the application ended it (a logout, usually).
 */
public final class LoginTelemetryListener implements HttpSessionListener {

    private static final RateLimitedLog FAILURES = new RateLimitedLog(Logs.get("io.logintelemetry"), 60_000);

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        try {
            HttpSession session = se.getSession();
            Object rt = session.getServletContext().getAttribute(Attributes.RUNTIME);
            String mark = SessionMark.existing(session);
            String account = SessionMark.accountOf(session, mark);
            String key = SessionMark.keyOf(mark);
            if (!(rt instanceof LoginTelemetryRuntime runtime) || account == null || key == null) {
                return;
            }
            long now = System.currentTimeMillis();
            long idle = now - session.getLastAccessedTime();
            int maxInactive = session.getMaxInactiveInterval();
            boolean timedOut = maxInactive > 0 && idle >= maxInactive * 1000L - 1000;
            runtime.engine().accept(Event.builder(EventType.SESSION_END, now)
                    .account(account)
                    .session(key)
                    .detail("reason", timedOut ? "timeout" : "invalidated")
                    .build());
        } catch (RuntimeException | LinkageError e) {
            FAILURES.error("Login Telemetry failed to record a session end", e);
        }
    }
}
