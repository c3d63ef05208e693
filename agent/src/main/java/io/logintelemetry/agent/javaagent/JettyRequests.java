package io.logintelemetry.agent.javaagent;

import java.lang.reflect.Method;

/**
 * What the agent needs of Jetty 12's core API, by reflection (the agent compiles against no Jetty):
 * whether an authentication state is a refusal, and the servlet request behind a core request.
 */
final class JettyRequests {

    private static final String STATE = "org.eclipse.jetty.security.AuthenticationState";
    private static final String CORE_REQUEST = "org.eclipse.jetty.server.Request";
    /** The servlet environments whose core request has a servlet face, newest first. */
    private static final String[] SERVLET_CONTEXT_REQUESTS = {
        "org.eclipse.jetty.ee11.servlet.ServletContextRequest",
        "org.eclipse.jetty.ee10.servlet.ServletContextRequest",
    };

    private JettyRequests() {
    }

    /**
     * Whether {@code state} is the challenge or failure Jetty answers refused credentials with (also a
     * request that sent none: the caller tells the two apart by the Authorization header).
     */
    static boolean isRefusal(Object state) throws ReflectiveOperationException {
        Class<?> type = load(STATE, state.getClass().getClassLoader());
        return type != null && (state == type.getField("CHALLENGE").get(null) || state == type.getField("SEND_FAILURE").get(null));
    }

    /** The servlet request ({@code HttpServletRequest} of the webapp's environment) of a core request, or null. */
    static Object servletRequest(Object coreRequest) throws ReflectiveOperationException {
        ClassLoader[] loaders = {coreRequest.getClass().getClassLoader(), Thread.currentThread().getContextClassLoader()};
        Class<?> core = null;
        for (ClassLoader loader : loaders) {
            core = core != null ? core : load(CORE_REQUEST, loader);
        }
        if (core == null) {
            return null;
        }
        Method as = core.getMethod("as", core, Class.class);
        for (String name : SERVLET_CONTEXT_REQUESTS) {
            for (ClassLoader loader : loaders) {
                Class<?> contextRequest = load(name, loader);
                if (contextRequest != null) {
                    Object found = as.invoke(null, coreRequest, contextRequest);
                    if (found != null) {
                        return contextRequest.getMethod("getServletApiRequest").invoke(found);
                    }
                }
            }
        }
        return null;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
