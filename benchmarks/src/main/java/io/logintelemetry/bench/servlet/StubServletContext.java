package io.logintelemetry.bench.servlet;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlet context of a webapp deployed at {@code /app}, without init parameters. Only used while
 * the filter starts (never on the measured path), so a dynamic proxy is good enough here.
 */
public final class StubServletContext {

    private StubServletContext() {
    }

    /** A context at {@code contextPath} whose attributes work and whose other methods fail loudly. */
    public static ServletContext create(String contextPath) {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        ServletContext fallback = Unsupported.of(ServletContext.class);
        return (ServletContext) Proxy.newProxyInstance(StubServletContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getContextPath":
                            return contextPath;
                        case "getClassLoader":
                            return StubServletContext.class.getClassLoader();
                        case "getInitParameterNames":
                            return Collections.emptyEnumeration();
                        case "getInitParameter":
                            return null;
                        case "getAttribute":
                            return attributes.get((String) args[0]);
                        case "setAttribute":
                            if (args[1] == null) {
                                attributes.remove((String) args[0]);
                            } else {
                                attributes.put((String) args[0], args[1]);
                            }
                            return null;
                        case "removeAttribute":
                            attributes.remove((String) args[0]);
                            return null;
                        case "getAttributeNames":
                            return Collections.enumeration(attributes.keySet());
                        case "log":
                            return null;
                        default:
                            return method.invoke(fallback, args);
                    }
                });
    }
}
