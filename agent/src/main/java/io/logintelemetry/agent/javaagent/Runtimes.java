package io.logintelemetry.agent.javaagent;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.log.Logs;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LoginTelemetryRuntime} per web application (context path), or one for the whole JVM
 * with {@code agent.per-webapp=false}. Keyed by the context path, never by an application object,
 * so a redeployed webapp finds its state again and nothing here pins its class loader.
 *
 * <p>A runtime starts when the webapp's first servlet is initialised (deployment time). A request
 * of a webapp whose runtime is not there yet goes on unwatched while the runtime starts on its own
 * thread: start-up reads files and must not hold up a request.
 */
final class Runtimes implements AutoCloseable {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");

    private final LoginTelemetryConfig config;
    private final boolean perWebapp;
    private final Map<String, LoginTelemetryRuntime> started = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<String> backgroundStarts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Runtimes(LoginTelemetryConfig config) {
        this.config = config;
        this.perWebapp = config.get(ConfigKeys.AGENT_PER_WEBAPP);
    }

    LoginTelemetryConfig config() {
        return config;
    }

    /** The running runtime of {@code contextPath}, or null (then it is started on another thread). */
    LoginTelemetryRuntime forRequest(String contextPath) {
        String key = key(contextPath);
        LoginTelemetryRuntime rt = started.get(key);
        if (rt == null && !closed && !failed.contains(key) && backgroundStarts.add(key)) {
            Thread t = new Thread(() -> start(key), "logintelemetry-start");
            t.setDaemon(true);
            t.start();
        }
        return rt;
    }

    /** The running runtime of {@code contextPath}, or null; starts nothing. */
    LoginTelemetryRuntime existing(String contextPath) {
        return started.get(key(contextPath));
    }

    /** Starts the runtime of {@code contextPath} on this thread unless it runs already. */
    void startNow(String contextPath) {
        String key = key(contextPath);
        if (!started.containsKey(key) && !failed.contains(key)) {
            start(key);
        }
    }

    private synchronized void start(String key) {
        if (closed || started.containsKey(key) || failed.contains(key)) {
            return;
        }
        try {
            started.put(key, LoginTelemetryRuntime.start(config, Runtimes.class.getClassLoader(), key));
        } catch (RuntimeException | LinkageError e) {
            failed.add(key);
            LOG.error("Login Telemetry agent could not start for " + (key.isEmpty() ? "/" : key)
                    + "; that web application runs without it", e);
        }
    }

    private String key(String contextPath) {
        return perWebapp && contextPath != null ? contextPath : "";
    }

    /** Stops every runtime (delivering queued flags within their time limit). */
    @Override
    public synchronized void close() {
        closed = true;
        for (LoginTelemetryRuntime rt : started.values()) {
            try {
                rt.close();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Login Telemetry agent did not stop cleanly: " + e);
            }
        }
        started.clear();
    }
}
