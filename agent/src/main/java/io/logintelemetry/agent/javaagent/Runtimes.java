package io.logintelemetry.agent.javaagent;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.log.Logs;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One {@link LoginTelemetryRuntime} per web application (context path), or one for the whole JVM
 * with {@code agent.per-webapp=false}. Keyed by the context path, never by an application object,
 * so a redeployed webapp finds its state again and nothing here pins its class loader.
 *
 * <p>A runtime starts when the webapp's first servlet is initialised (deployment time). Neither
 * that nor a request waits for it: start-up reads files and must not hold up a request (a servlet
 * without load-on-startup is initialised on a request thread). A request of a webapp whose runtime
 * is not ready yet goes on unwatched while the runtime starts.
 *
 * <p>Runtimes are always started on one thread of ours, born when the agent installs: the threads a
 * runtime starts (its log writers) inherit their creator's context class loader and access control
 * context, and created on a webapp's thread they would pin that webapp's class loader for good.
 */
final class Runtimes implements AutoCloseable {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");

    private final LoginTelemetryConfig config;
    private final boolean perWebapp;
    private final Map<String, LoginTelemetryRuntime> started = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<String> backgroundStarts = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor starter;
    private volatile boolean closed;

    Runtimes(LoginTelemetryConfig config) {
        this.config = config;
        this.perWebapp = config.get(ConfigKeys.AGENT_PER_WEBAPP);
        ClassLoader ours = Runtimes.class.getClassLoader();
        this.starter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "logintelemetry-start");
            t.setDaemon(true);
            t.setContextClassLoader(ours);
            return t;
        });
        // Now, while we run in premain/agentmain: not later on an application's thread.
        starter.prestartAllCoreThreads();
    }

    LoginTelemetryConfig config() {
        return config;
    }

    /** The running runtime of {@code contextPath}, or null (then it is started on another thread). */
    LoginTelemetryRuntime forRequest(String contextPath) {
        String key = key(contextPath);
        LoginTelemetryRuntime rt = started.get(key);
        if (rt == null && !closed && !failed.contains(key) && backgroundStarts.add(key)) {
            try {
                starter.execute(() -> start(key));
            } catch (RuntimeException rejected) {
                backgroundStarts.remove(key);
            }
        }
        return rt;
    }

    /** The running runtime of {@code contextPath}, or null; starts nothing. */
    LoginTelemetryRuntime existing(String contextPath) {
        return started.get(key(contextPath));
    }

    /**
     * Starts the runtime of {@code contextPath} on our thread unless it runs already, without
     * waiting: a servlet may be initialised on a request thread (no load-on-startup), and start-up
     * reads files. Requests that come before it is ready go on unwatched.
     */
    void startInBackground(String contextPath) {
        forRequest(contextPath);
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
        starter.shutdownNow();
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
