package io.logintelemetry.agent.bridge;

/**
 * The hand-off between advice inlined into application and container classes and the agent's
 * engine. This class (with {@link Handler}) is the only one the agent puts on the boot class path,
 * so every class loader sees it; it names JDK types only, and holds no state but the handler and
 * per-thread nesting counters (int arrays: nothing of an application's class loader).
 *
 * <p>Advice calls these methods and nothing else. The nesting counters make sure only the outermost
 * {@code Servlet.service} / {@code Filter.doFilter} of a thread is watched (not every filter of the
 * chain, not a forward or include), and only the outermost {@code HttpServletRequest.login} of a
 * chain of request wrappers.
 */
public final class Bridge {

    /**
     * Test switch: when the system property {@value} is {@code true} every call from advice throws,
     * so tests can show that a failing agent leaves every response unchanged. Never set it in
     * production.
     */
    public static final String THROW_PROPERTY = "io.logintelemetry.agent.test.throw-in-advice";

    private static final boolean THROW = Boolean.getBoolean(THROW_PROPERTY);
    private static final ThreadLocal<int[]> REQUEST_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<int[]> LOGIN_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private static volatile Handler handler;
    private static volatile boolean announced;

    private Bridge() {
    }

    /** What the agent's engine side does with the calls; every method must return quickly and never throw. */
    public interface Handler {
        /** The outermost service/doFilter of a request starts; returns a token for {@link #exit}, or null. */
        Object enter(Object request, Object response);

        /** Whether the agent answered the request itself (block, step-up), so the application must not see it. */
        boolean answered(Object token);

        /** The same request's outermost call returned (or threw). */
        void exit(Object token);

        /** A servlet is initialised: its web application is starting (the agent prepares for it here). */
        void servletInit(Object servletConfig);

        /** {@code HttpServletRequest.login(account, ...)} returned ({@code success}) or threw. */
        void requestLogin(Object request, String account, boolean success);

        /** {@code HttpServletRequest.logout()} is about to run. */
        void requestLogout(Object request);

        /** A framework's authentication succeeded or failed ({@code account} may be null for a failure). */
        void frameworkLogin(Object request, String account, boolean success);

        /** A framework's logout of {@code account} (may be null). */
        void frameworkLogout(Object request, String account);

        /** A container session is about to end (invalidated or expired). */
        void sessionEnding(Object session);

        /** The container created a session (on the thread of the request that asked for it). */
        void sessionCreated(Object session);

        /** {@code AsyncContext.complete()} is about to run: an async request we watch may end here. */
        void asyncComplete(Object asyncContext);

        /**
         * The application got its request body stream or reader ({@code getInputStream()} /
         * {@code getReader()}): what to hand it instead (a copying one, for capture rules), or the same.
         */
        Object body(Object request, Object body);

        /** The container's BASIC authentication refused the request's credentials (a failed login). */
        void containerLoginFailed(Object request);

        /**
         * Jetty's BASIC authentication decided on a request ({@code coreRequest} is Jetty's own, not a
         * servlet request): {@code state} is a challenge after a refusal, a success, or else.
         */
        void coreAuthenticated(Object coreRequest, Object state);

        /**
         * A call of the public API class {@code io.logintelemetry.api.LoginTelemetry} in the application.
         *
         * @return null to let the application's own implementation run; else the agent handled it and
         *         the value is the name of the level (for {@code levelOf}) or any other non-null value
         */
        Object api(String method, Object[] arguments);
    }

    /** Installs the agent's handler; called once by the agent. */
    public static void install(Handler h) {
        handler = h;
    }

    /** Whether an agent handler is installed (the servlet filter then stays idle). */
    public static boolean active() {
        return handler != null;
    }

    /** Advice of the outermost request call: returns a token, or null. */
    public static Object enter(Object request, Object response) {
        if (REQUEST_DEPTH.get()[0]++ > 0) {
            return null;
        }
        failIfTesting();
        Handler h = handler;
        return h == null ? null : h.enter(request, response);
    }

    /** Whether the request was answered by us and its method must be skipped. */
    public static boolean answered(Object token) {
        Handler h = handler;
        return token != null && h != null && h.answered(token);
    }

    /** Advice on the way out of every request call {@link #enter} saw. */
    public static void exit(Object token) {
        REQUEST_DEPTH.get()[0]--;
        failIfTesting();
        Handler h = handler;
        if (token != null && h != null) {
            h.exit(token);
        }
    }

    public static void servletInit(Object servletConfig) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.servletInit(servletConfig);
        }
    }

    /** Advice on entering {@code HttpServletRequest.login}: true for the outermost call. */
    public static boolean loginEnter() {
        return LOGIN_DEPTH.get()[0]++ == 0;
    }

    /** Advice on leaving {@code HttpServletRequest.login}. */
    public static void loginExit(boolean outermost, Object request, String account, boolean success) {
        LOGIN_DEPTH.get()[0]--;
        failIfTesting();
        Handler h = handler;
        if (outermost && h != null) {
            h.requestLogin(request, account, success);
        }
    }

    /** Advice on entering {@code HttpServletRequest.logout}: true for the outermost call. */
    public static boolean logoutEnter(Object request) {
        boolean outermost = LOGIN_DEPTH.get()[0]++ == 0;
        failIfTesting();
        Handler h = handler;
        if (outermost && h != null) {
            h.requestLogout(request);
        }
        return outermost;
    }

    /** Advice on leaving {@code HttpServletRequest.logout}. */
    public static void logoutExit() {
        LOGIN_DEPTH.get()[0]--;
    }

    public static void frameworkLogin(Object request, String account, boolean success) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.frameworkLogin(request, account, success);
        }
    }

    public static void frameworkLogout(Object request, String account) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.frameworkLogout(request, account);
        }
    }

    public static void sessionEnding(Object session) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.sessionEnding(session);
        }
    }

    public static void sessionCreated(Object session) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.sessionCreated(session);
        }
    }

    public static void asyncComplete(Object asyncContext) {
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.asyncComplete(asyncContext);
        }
    }

    /** Advice on leaving the container's BASIC authentication: {@code authenticated} false is a refusal (or a challenge). */
    public static void containerAuthenticated(Object request, boolean authenticated) {
        if (authenticated) {
            return;
        }
        failIfTesting();
        Handler h = handler;
        if (h != null) {
            h.containerLoginFailed(request);
        }
    }

    /** Advice on leaving Jetty's BASIC authentication. */
    public static void coreAuthenticated(Object coreRequest, Object state) {
        failIfTesting();
        Handler h = handler;
        if (h != null && coreRequest != null && state != null) {
            h.coreAuthenticated(coreRequest, state);
        }
    }

    /** Advice on leaving {@code getInputStream()} / {@code getReader()}: the stream or reader to return. */
    public static Object body(Object request, Object body) {
        failIfTesting();
        Handler h = handler;
        return h == null || body == null ? body : h.body(request, body);
    }

    public static Object api(String method, Object[] arguments) {
        failIfTesting();
        Handler h = handler;
        return h == null ? null : h.api(method, arguments);
    }

    private static void failIfTesting() {
        if (THROW) {
            if (!announced) {
                announced = true;
                System.err.println("Login Telemetry agent: failure injected into every advice (" + THROW_PROPERTY + ")");
            }
            throw new IllegalStateException("Login Telemetry agent: failure injected by " + THROW_PROPERTY);
        }
    }
}
