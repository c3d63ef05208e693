package io.logintelemetry.servlet;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.ConfigLoader;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/**
 * The drop-in filter. Registered by the jar's {@code web-fragment.xml} (first in the chain, REQUEST
 * dispatches only), or declared in web.xml under the same filter name, which then replaces the
 * fragment's declaration rather than adding a second one.
 *
 * <p>Fail open: a bad configuration switches only us off (with an error naming the key), and any
 * exception of ours while watching a request is counted and logged at most once a minute; the
 * request then goes on as if we were not there.
 */
public final class LoginTelemetryFilter implements Filter {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");
    /** The agent's boot class path hand-off (a class of the agent jar, never of this one). */
    private static final String AGENT_BRIDGE = "io.logintelemetry.agent.bridge.Bridge";
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 60_000);

    private volatile LoginTelemetryRuntime runtime;
    private ServletContext context;

    @Override
    public void init(FilterConfig filterConfig) {
        context = filterConfig.getServletContext();
        try {
            Map<String, String> params = new HashMap<>();
            copyParams(context.getInitParameterNames(), context::getInitParameter, params);
            copyParams(filterConfig.getInitParameterNames(), filterConfig::getInitParameter, params);
            LoginTelemetryConfig config = ConfigLoader.load(context.getClassLoader(), params);
            if (agentActive()) {
                LOG.info("Login Telemetry filter in " + contextName() + " stays idle: the Login Telemetry Java agent watches this JVM");
                return;
            }
            if (!config.get(ConfigKeys.ENABLED)) {
                LOG.info("Login Telemetry is switched off (" + ConfigKeys.ENABLED.name() + "=false) for " + contextName());
                return;
            }
            if (context.getAttribute(Attributes.RUNTIME) != null) {
                LOG.warn("Login Telemetry filter declared twice in " + contextName() + "; the second declaration stays idle");
                return;
            }
            runtime = LoginTelemetryRuntime.start(config, context.getClassLoader(), context.getContextPath());
            context.setAttribute(Attributes.RUNTIME, runtime);
        } catch (ConfigException e) {
            LOG.error("Login Telemetry is OFF for " + contextName() + " because of its configuration: " + e.getMessage()
                    + ". The application runs without it.", null);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Login Telemetry is OFF for " + contextName() + ": it failed to start. The application runs without it.", e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        LoginTelemetryRuntime rt = runtime;
        if (rt == null || !(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || req.getAttribute(Attributes.SEEN) != null) {
            chain.doFilter(req, res);
            return;
        }
        RequestObservation observation = null;
        try {
            request.setAttribute(Attributes.SEEN, Boolean.TRUE);
            observation = rt.beforeRequest(request, response);
        } catch (IOException | RuntimeException | LinkageError e) {
            failed(rt, e);
        }
        if (observation != null && observation.answered()) {
            return;
        }
        try {
            chain.doFilter(observation != null ? observation.applicationRequest(request) : req, res);
        } finally {
            if (observation != null) {
                try {
                    rt.afterRequest(observation, request, response);
                } catch (IOException | RuntimeException | LinkageError e) {
                    failed(rt, e);
                }
            }
        }
    }

    /**
     * Whether the Login Telemetry Java agent runs in this JVM: its bridge sits on the boot class
     * path. It then watches every request (and answers this jar's public API), so the filter stays
     * idle rather than count requests twice.
     */
    private static boolean agentActive() {
        try {
            Class<?> bridge = Class.forName(AGENT_BRIDGE, false, null);
            return Boolean.TRUE.equals(bridge.getMethod("active").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void failed(LoginTelemetryRuntime rt, Throwable e) {
        rt.engine().metrics().error();
        FAILURES.error("Login Telemetry failed while watching a request; the request went on untouched", e);
    }

    @Override
    public void destroy() {
        LoginTelemetryRuntime rt = runtime;
        runtime = null;
        if (rt != null) {
            try {
                if (context != null && context.getAttribute(Attributes.RUNTIME) == rt) {
                    context.removeAttribute(Attributes.RUNTIME);
                }
                rt.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Login Telemetry did not stop cleanly: " + e);
            }
        }
    }

    private String contextName() {
        String path = context == null ? null : context.getContextPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private interface Lookup {
        String get(String name);
    }

    private static void copyParams(Enumeration<String> names, Lookup lookup, Map<String, String> into) {
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.startsWith(ConfigKeys.PREFIX)) {
                into.put(name, lookup.get(name));
            }
        }
    }
}
