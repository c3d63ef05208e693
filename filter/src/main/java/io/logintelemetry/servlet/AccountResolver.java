package io.logintelemetry.servlet;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Method;
import java.security.Principal;

/**
 * Finds which account a request belongs to, from whatever the application's own authentication
 * left behind: the container principal, a configured request attribute, a header set by an
 * authenticating gateway (only believed from a trusted proxy), or a configured session attribute
 * such as Spring Security's {@code SPRING_SECURITY_CONTEXT}, or the account the application reported
 * through the public API on this session.
 */
final class AccountResolver {

    /** getAuthentication() then getName(), or getName(), looked up once per value class. */
    private static final ClassValue<Method[]> NAME_PATH = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Method auth = publicMethod(type, "getAuthentication");
            if (auth != null) {
                Method name = publicMethod(auth.getReturnType(), "getName");
                return name == null ? new Method[0] : new Method[] {auth, name};
            }
            Method name = publicMethod(type, "getName");
            return name == null ? new Method[0] : new Method[] {name};
        }
    };

    private final String requestAttribute;
    private final String header;
    private final String sessionAttribute;

    AccountResolver(LoginTelemetryConfig config) {
        this.requestAttribute = blankToNull(config.get(ConfigKeys.LOGIN_REQUEST_ATTRIBUTE));
        this.header = blankToNull(config.get(ConfigKeys.LOGIN_HEADER));
        this.sessionAttribute = blankToNull(config.get(ConfigKeys.LOGIN_SESSION_ATTRIBUTE));
    }

    /** The account, or null when the request is not authenticated. */
    String resolve(HttpServletRequest request, HttpSession session, boolean fromTrustedProxy) {
        Principal principal = request.getUserPrincipal();
        String account = principal != null ? principal.getName() : request.getRemoteUser();
        if (account == null && requestAttribute != null) {
            Object value = request.getAttribute(requestAttribute);
            account = value == null ? null : String.valueOf(value);
        }
        if (account == null && header != null && fromTrustedProxy) {
            account = request.getHeader(header);
        }
        if (account == null && sessionAttribute != null && session != null) {
            account = nameOf(attribute(session, sessionAttribute));
        }
        if (account == null && session != null) {
            Object reported = attribute(session, Attributes.API_ACCOUNT);
            account = reported instanceof String s ? s : null;
        }
        return account == null || account.isBlank() ? null : account;
    }

    private static Object attribute(HttpSession session, String name) {
        try {
            return session.getAttribute(name);
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    private static String nameOf(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        Method[] path = NAME_PATH.get(value.getClass());
        if (path.length == 0) {
            return null;
        }
        try {
            Object current = value;
            for (Method m : path) {
                if (current == null) {
                    return null;
                }
                if (m.getDeclaringClass().getSimpleName().startsWith("Anonymous")
                        || current.getClass().getSimpleName().startsWith("Anonymous")) {
                    // Spring Security's anonymous token is no login.
                    return null;
                }
                current = m.invoke(current);
            }
            return current == null ? null : String.valueOf(current);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method publicMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            return m.getReturnType() == void.class ? null : m;
        } catch (NoSuchMethodException | SecurityException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
