package io.logintelemetry.agent.javaagent;

import io.logintelemetry.agent.bridge.Bridge;
import io.logintelemetry.api.LoginTelemetry;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.servlet.Attributes;
import io.logintelemetry.servlet.LoginTelemetryListener;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import io.logintelemetry.servlet.RequestObservation;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine side of the {@link Bridge}: turns what the advice hands over into calls of the filter's
 * servlet glue ({@link LoginTelemetryRuntime}), with the application's servlet objects seen through
 * {@link Foreign} views. Never throws: a failure is counted and logged at most once a minute, and
 * the request goes on as if we were not there.
 */
final class AgentHandler implements Bridge.Handler {

    /** Request attribute the filter also checks: a request we already watch (the filter then stays out). */
    static final String SEEN = "io.logintelemetry.seen";

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 60_000);
    private static final Map<String, Method> API = apiMethods();

    private final Runtimes runtimes;
    private final LoginTelemetryListener sessions = new LoginTelemetryListener();

    AgentHandler(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    private record Token(LoginTelemetryRuntime runtime, RequestObservation observation, HttpServletRequest request,
                         HttpServletResponse response) {
    }

    /** The request as the filter's glue sees it; our per-request flag list stays ours (the app could not cast it). */
    private static HttpServletRequest request(Object request) {
        return Foreign.view(request, HttpServletRequest.class, (m, a) ->
                "setAttribute".equals(m.getName()) && Attributes.FLAGS.equals(a[0]) ? null : Foreign.FORWARD);
    }

    /** The request, with its context answering the runtime attribute the public API looks up. */
    private static HttpServletRequest requestWithRuntime(Object request, LoginTelemetryRuntime rt) {
        return Foreign.view(request, HttpServletRequest.class, (m, a) -> {
            if ("getAttribute".equals(m.getName()) && LoginTelemetryRuntime.CONTEXT_ATTRIBUTE.equals(a[0])) {
                return rt;
            }
            return "setAttribute".equals(m.getName()) && Attributes.FLAGS.equals(a[0]) ? null : Foreign.FORWARD;
        });
    }

    @Override
    public Object enter(Object req, Object res) {
        try {
            HttpServletRequest request = request(req);
            if (request == null || request.getAttribute(SEEN) != null) {
                return null;
            }
            HttpServletResponse response = Foreign.view(res, HttpServletResponse.class, null);
            if (response == null) {
                return null;
            }
            LoginTelemetryRuntime rt = runtimes.forRequest(request.getContextPath());
            if (rt == null) {
                return null;
            }
            request.setAttribute(SEEN, Boolean.TRUE);
            // The advice cannot hand the application another request object: a body copy would cost
            // every matching request and never see a byte (JSON-body capture rules need the filter).
            RequestObservation observation = rt.beforeRequest(request, response, false);
            return observation == null ? null : new Token(rt, observation, request, response);
        } catch (Throwable e) {
            failed(e);
            return null;
        }
    }

    @Override
    public boolean answered(Object token) {
        return token instanceof Token t && t.observation().answered();
    }

    @Override
    public void exit(Object token) {
        if (!(token instanceof Token t) || t.observation().answered()) {
            return;
        }
        try {
            t.runtime().afterRequest(t.observation(), t.request(), t.response());
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void servletInit(Object servletConfig) {
        try {
            ServletConfig config = Foreign.view(servletConfig, ServletConfig.class, null);
            if (config != null && config.getServletContext() != null) {
                runtimes.startInBackground(config.getServletContext().getContextPath());
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void requestLogin(Object req, String account, boolean success) {
        try {
            HttpServletRequest request = request(req);
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(request.getContextPath());
            if (rt != null && account != null && !account.isBlank()) {
                rt.reportLogin(request, account, success);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void requestLogout(Object req) {
        try {
            HttpServletRequest request = request(req);
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(request.getContextPath());
            Principal principal = rt == null ? null : request.getUserPrincipal();
            if (principal != null) {
                rt.reportLogout(request, principal.getName());
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void frameworkLogin(Object req, String account, boolean success) {
        try {
            HttpServletRequest request = request(req);
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(request.getContextPath());
            if (rt == null) {
                return;
            }
            String name = account;
            if (name == null && !success) {
                name = request.getParameter(rt.config().get(ConfigKeys.LOGIN_USERNAME_PARAMETER));
            }
            if (name != null && !name.isBlank()) {
                rt.reportLogin(request, name, success);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void frameworkLogout(Object req, String account) {
        try {
            HttpServletRequest request = request(req);
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(request.getContextPath());
            if (rt != null && account != null) {
                rt.reportLogout(request, account);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void sessionEnding(Object session) {
        try {
            Object servletSession = servletSession(session);
            HttpSession plain = Foreign.view(servletSession, HttpSession.class, null);
            if (plain == null || plain.getServletContext() == null) {
                return;
            }
            LoginTelemetryRuntime rt = runtimes.existing(plain.getServletContext().getContextPath());
            if (rt == null) {
                return;
            }
            // The filter's listener, with the session's context answering the runtime attribute.
            HttpSession withRuntime = Foreign.view(servletSession, HttpSession.class, (m, a) ->
                    "getAttribute".equals(m.getName()) && LoginTelemetryRuntime.CONTEXT_ATTRIBUTE.equals(a[0]) ? rt : Foreign.FORWARD);
            sessions.sessionDestroyed(new HttpSessionEvent(withRuntime));
        } catch (IllegalStateException alreadyInvalid) {
            // Ended before: nothing to record.
        } catch (Throwable e) {
            failed(e);
        }
    }

    /** The session's HttpSession face: the session itself, or what its {@code getApi()} returns (Jetty 12). */
    private static Object servletSession(Object session) throws ReflectiveOperationException {
        if (session == null || Foreign.of(session).implementsInterface(HttpSession.class)) {
            return session;
        }
        return session.getClass().getMethod("getApi").invoke(session);
    }

    @Override
    public Object api(String method, Object[] arguments) {
        try {
            Method ours = API.get(method);
            if (ours == null || arguments == null || arguments.length != ours.getParameterCount() || arguments[0] == null) {
                return null;
            }
            HttpServletRequest plain = request(arguments[0]);
            LoginTelemetryRuntime rt = plain == null ? null : runtimes.existing(plain.getContextPath());
            if (rt == null) {
                return null;
            }
            Object[] args = arguments.clone();
            args[0] = requestWithRuntime(arguments[0], rt);
            Object result = ours.invoke(null, args);
            return result instanceof Enum<?> level ? level.name() : Boolean.TRUE;
        } catch (Throwable e) {
            failed(e);
            return null;
        }
    }

    private static Map<String, Method> apiMethods() {
        Map<String, Method> methods = new HashMap<>();
        for (Method m : LoginTelemetry.class.getMethods()) {
            if (m.getDeclaringClass() == LoginTelemetry.class) {
                methods.put(m.getName(), m);
            }
        }
        return methods;
    }

    private static void failed(Throwable e) {
        FAILURES.error("Login Telemetry agent failed while watching a request; the request went on untouched", e);
    }
}
