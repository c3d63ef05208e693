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
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.BufferedReader;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * One request we watch, from its outermost call to its end. Kept as the request's {@link #SEEN}
     * attribute, so an async dispatch of the same request and {@code AsyncContext.complete()} find it:
     * an async request ends when its async cycle does, not when its first pass returns.
     */
    private static final class Token {
        final LoginTelemetryRuntime runtime;
        /** The application's request object (for what a view cannot hand over: its async listeners). */
        final Object applicationRequest;
        final HttpServletRequest request;
        final HttpServletResponse response;
        /** Set on the request thread right after the attribute, before the application runs. */
        RequestObservation observation;
        /** The first pass returned with async started: the after-step waits for complete() or a dispatch. */
        volatile boolean asyncPending;
        /** complete() was called (on any thread). */
        volatile boolean completeSeen;
        final AtomicBoolean finished = new AtomicBoolean();
        /** The application's body stream or reader as the container gave it, and what we handed out instead. */
        Object bodyOriginal;
        Object bodyCopying;

        Token(LoginTelemetryRuntime runtime, Object applicationRequest, HttpServletRequest request, HttpServletResponse response) {
            this.runtime = runtime;
            this.applicationRequest = applicationRequest;
            this.request = request;
            this.response = response;
        }
    }

    /** An async dispatch of a request whose first pass we watched: its exit may end the request. */
    private record Resume(Token first) {
    }

    /**
     * The request the current thread runs for us (set between enter and exit): a session the
     * container creates meanwhile is that request's. Cleared at exit, so no thread keeps a request.
     * A slot per thread, written twice a request: cheaper than a {@code ThreadLocal.set} and
     * {@code remove} each time (the slot's array is our class, so it pins no webapp's loader).
     */
    private static final ThreadLocal<Token[]> CURRENT = ThreadLocal.withInitial(() -> new Token[1]);

    /** The request as the filter's glue sees it. */
    private static HttpServletRequest request(Object request) {
        return Foreign.view(request, HttpServletRequest.class, null);
    }

    /**
     * The web application's context path as its servlet context states it: the key its runtime was
     * started under (see {@link #servletInit}), and cheap, unlike Tomcat's
     * {@code HttpServletRequest.getContextPath()}, which re-derives it from the raw URI on each call.
     */
    private static String contextPath(HttpServletRequest request) {
        ServletContext context = request.getServletContext();
        return context != null ? context.getContextPath() : request.getContextPath();
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
            if (request == null) {
                return null;
            }
            Object seen = request.getAttribute(SEEN);
            if (seen != null) {
                // A forward, include or async dispatch of a request we watch (or the filter's): not a
                // new request. An async dispatch may end the one we wait for.
                if (seen instanceof Token t && t.asyncPending && t.observation != null && !t.finished.get()) {
                    CURRENT.get()[0] = t;
                    return new Resume(t);
                }
                return null;
            }
            HttpServletResponse response = Foreign.view(res, HttpServletResponse.class, null);
            if (response == null) {
                return null;
            }
            Object context = Foreign.servletContextOf(req);
            LoginTelemetryRuntime rt = runtimes.forContext(context);
            if (rt == null) {
                rt = runtimes.forRequest(contextPath(request), context);
            }
            if (rt == null) {
                return null;
            }
            Token token = new Token(rt, req, request, response);
            request.setAttribute(SEEN, token);
            // The advice cannot hand the application another request object: a body copy would cost
            // every matching request and never see a byte (JSON-body capture rules need the filter).
            token.observation = rt.beforeRequest(request, response, false); // outside the application
            if (token.observation == null) {
                return null;
            }
            CURRENT.get()[0] = token;
            return token;
        } catch (Throwable e) {
            failed(e);
            return null;
        }
    }

    @Override
    public boolean answered(Object token) {
        return token instanceof Token t && t.observation.answered();
    }

    @Override
    public void exit(Object token) {
        try {
            if (token instanceof Resume r) {
                CURRENT.get()[0] = null;
                // The dispatch ends the async cycle unless it started another one.
                if (!r.first().request.isAsyncStarted()) {
                    finish(r.first());
                } else {
                    listenForAsyncEnd(r.first()); // a new cycle has listeners of its own
                }
                return;
            }
            if (!(token instanceof Token t)) {
                return;
            }
            CURRENT.get()[0] = null;
            if (t.observation.answered()) {
                return;
            }
            if (t.request.isAsyncStarted()) {
                // Ends later: at complete() (maybe on another thread, maybe already called), when
                // an async dispatch returns, or when the container completes it after a timeout or
                // an error (the listener). Both flags are volatile: of this and complete(), at least
                // one sees the other's mark, and finish() runs once.
                listenForAsyncEnd(t);
                t.asyncPending = true;
                if (!t.completeSeen) {
                    return;
                }
            }
            finish(t);
        } catch (Throwable e) {
            CURRENT.get()[0] = null;
            failed(e);
        }
    }

    /** Has the container tell us when the request's async cycle ends, also when nobody calls complete(). */
    private static void listenForAsyncEnd(Token t) {
        try {
            Foreign.whenAsyncEnds(t.applicationRequest, () -> {
                t.completeSeen = true;
                if (t.asyncPending) {
                    finish(t);
                }
            });
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (!(e.getCause() instanceof IllegalStateException)) {
                failed(e); // an IllegalStateException: the cycle ended already, and complete() was seen
            }
        } catch (Throwable e) {
            failed(e); // the complete() advice and async dispatches still end it
        }
    }

    /** The after-step of a request, once, whichever of its ends comes. */
    private static void finish(Token t) {
        if (!t.finished.compareAndSet(false, true)) {
            return;
        }
        try {
            t.runtime.afterRequest(t.observation, t.request, t.response);
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void asyncComplete(Object asyncContext) {
        try {
            AsyncContext context = Foreign.view(asyncContext, AsyncContext.class, null);
            ServletRequest request = context == null ? null : context.getRequest();
            if (request != null && request.getAttribute(SEEN) instanceof Token t && t.observation != null) {
                t.completeSeen = true;
                if (t.asyncPending) {
                    finish(t);
                }
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void sessionCreated(Object session) {
        Token t = CURRENT.get()[0];
        if (t == null || t.observation == null) {
            return; // Created outside a request we watch (or anonymous): its login comes with the principal.
        }
        try {
            HttpSession created = Foreign.view(servletSession(session), HttpSession.class, null);
            if (created != null) {
                t.runtime.sessionStarted(t.observation, created);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public Object body(Object req, Object body) {
        try {
            HttpServletRequest request = request(req);
            Object seen = request == null ? null : request.getAttribute(SEEN);
            if (!(seen instanceof Token t) || t.observation == null || !t.observation.copiesBody()) {
                return body;
            }
            synchronized (t) {
                if (t.bodyCopying != null) {
                    // A wrapper's call through to the container (or a second call): the same copying one;
                    // a stream a wrapper made of ours is left alone.
                    return body == t.bodyOriginal ? t.bodyCopying : body;
                }
                Object copying = null;
                if (body instanceof BufferedReader reader) {
                    copying = t.observation.copyBody(reader);
                } else if (body instanceof InputStream in) {
                    copying = ServletStreams.readingThrough(body, t.observation.copyBody(in));
                }
                if (copying == null) {
                    return body;
                }
                t.bodyOriginal = body;
                t.bodyCopying = copying;
                return copying;
            }
        } catch (Throwable e) {
            failed(e);
            return body;
        }
    }

    @Override
    public void containerLoginFailed(Object req) {
        try {
            HttpServletRequest request = request(req);
            String header = request == null ? null : request.getHeader("Authorization");
            String account = basicUser(header);
            LoginTelemetryRuntime rt = account == null ? null : runtimes.existing(contextPath(request));
            if (rt != null) {
                rt.reportLogin(request, account, false);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    @Override
    public void coreAuthenticated(Object coreRequest, Object state) {
        try {
            Object servletRequest = JettyRequests.refusedServletRequest(coreRequest, state);
            if (servletRequest != null) {
                containerLoginFailed(servletRequest);
            }
        } catch (Throwable e) {
            failed(e);
        }
    }

    /**
     * The user name of a BASIC {@code Authorization} header, or null (no such header: a challenge,
     * not a failure; or one we cannot read). Bounded: a header longer than any real one is ignored.
     */
    static String basicUser(String header) {
        if (header == null || header.length() < 7 || header.length() > 4096 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? null : credentials.substring(0, colon);
        return user == null || user.isBlank() ? null : user;
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
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(contextPath(request));
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
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(contextPath(request));
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
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(contextPath(request));
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
            LoginTelemetryRuntime rt = request == null ? null : runtimes.existing(contextPath(request));
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
            LoginTelemetryRuntime rt = plain == null ? null : runtimes.existing(contextPath(plain));
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
