package io.logintelemetry.agent.javaagent;

import java.lang.reflect.Method;

/**
 * What the agent needs of Jetty 12's core API, by reflection (the agent compiles against no Jetty):
 * whether an authentication state is a refusal of sent BASIC credentials, and the servlet request
 * behind a core request. Jetty also runs the authenticator lazily, each time an anonymous request to
 * an unconstrained page asks for its principal, so the cheap checks come first and every look-up is
 * made once per class ({@link ClassValue}s of Jetty's classes, which pin nothing).
 */
final class JettyRequests {

    private static final String STATE = "org.eclipse.jetty.security.AuthenticationState";
    private static final String CORE_REQUEST = "org.eclipse.jetty.server.Request";
    /** The servlet environments whose core request has a servlet face, newest first. */
    private static final String[] SERVLET_CONTEXT_REQUESTS = {
        "org.eclipse.jetty.ee11.servlet.ServletContextRequest",
        "org.eclipse.jetty.ee10.servlet.ServletContextRequest",
    };

    /** Per authentication-state class: Jetty's CHALLENGE and SEND_FAILURE constants (empty if not found). */
    private static final ClassValue<Object[]> REFUSALS = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> stateClass) {
            Class<?> type = load(STATE, stateClass.getClassLoader());
            try {
                return type == null ? new Object[0]
                        : new Object[] {type.getField("CHALLENGE").get(null), type.getField("SEND_FAILURE").get(null)};
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Object[0];
            }
        }
    };

    /** Per core request class: how to read its Authorization header and find its servlet request. */
    private static final ClassValue<Access> ACCESS = new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> requestClass) {
            return Access.of(requestClass);
        }
    };

    private JettyRequests() {
    }

    /**
     * The servlet request ({@code HttpServletRequest} of the webapp's environment) of a request whose
     * BASIC credentials Jetty refused, or null when {@code state} is no refusal, the request sent no
     * BASIC credentials (a challenge), or it has no servlet face we know.
     */
    static Object refusedServletRequest(Object coreRequest, Object state) throws ReflectiveOperationException {
        Object[] refusals = REFUSALS.get(state.getClass());
        if (refusals.length == 0 || state != refusals[0] && state != refusals[1]) {
            return null;
        }
        Access access = ACCESS.get(coreRequest.getClass());
        if (access == null) {
            return null;
        }
        Object authorization = access.header.invoke(access.headers.invoke(coreRequest), "Authorization");
        if (!(authorization instanceof String value) || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        Object contextRequest = access.as.invoke(null, coreRequest, access.contextRequest);
        return contextRequest == null ? null : access.servletApiRequest.invoke(contextRequest);
    }

    private record Access(Method headers, Method header, Method as, Class<?> contextRequest, Method servletApiRequest) {

        /** Null when the class is no Jetty 12 core request of a servlet environment we know. */
        static Access of(Class<?> requestClass) {
            ClassLoader[] loaders = {requestClass.getClassLoader(), Thread.currentThread().getContextClassLoader()};
            for (ClassLoader loader : loaders) {
                Class<?> core = load(CORE_REQUEST, loader);
                if (core == null) {
                    continue;
                }
                for (String name : SERVLET_CONTEXT_REQUESTS) {
                    for (ClassLoader contextLoader : loaders) {
                        Class<?> contextRequest = load(name, contextLoader);
                        if (contextRequest == null) {
                            continue;
                        }
                        try {
                            Method headers = core.getMethod("getHeaders");
                            return new Access(headers, headers.getReturnType().getMethod("get", String.class),
                                    core.getMethod("as", core, Class.class), contextRequest,
                                    contextRequest.getMethod("getServletApiRequest"));
                        } catch (NoSuchMethodException | RuntimeException e) {
                            return null;
                        }
                    }
                }
            }
            return null;
        }
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
