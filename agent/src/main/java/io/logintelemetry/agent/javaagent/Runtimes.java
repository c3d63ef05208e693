package io.logintelemetry.agent.javaagent;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.log.Logs;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One {@link LoginTelemetryRuntime} per web application (context path), or one for the whole JVM
 * with {@code agent.per-webapp=false}. Keyed by the context path, so a redeployed webapp finds its
 * state again; the application's context objects are only remembered weakly (a request's quick way
 * to its runtime), so nothing here pins a webapp's class loader.
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
    /**
     * Started runtimes by the application's {@code ServletContext} object, so a request finds its
     * runtime by one reference comparison instead of asking its context for the path. Held weakly:
     * an undeployed webapp's context is not kept alive by us. Replaced, never changed in place.
     */
    private volatile ByContext[] byContext = new ByContext[0];
    /** Most contexts remembered; a JVM with more webapps finds the others by their path. */
    static final int MAX_CONTEXTS = 16;
    private final Object byContextLock = new Object();

    private record ByContext(WeakReference<Object> context, LoginTelemetryRuntime runtime) {
    }

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

    /**
     * The running runtime of the webapp whose {@code ServletContext} (the application's object) is
     * {@code context}, as {@link #forRequest(String, Object)} remembered it; null when not remembered.
     */
    LoginTelemetryRuntime forContext(Object context) {
        if (context == null || closed) {
            return null;
        }
        for (ByContext c : byContext) {
            if (c.context().get() == context) {
                return c.runtime();
            }
        }
        return null;
    }

    /** {@link #forRequest(String)}, remembering the runtime found for {@code context} (see {@link #forContext}). */
    LoginTelemetryRuntime forRequest(String contextPath, Object context) {
        LoginTelemetryRuntime rt = forRequest(contextPath);
        if (rt != null && context != null) {
            remember(context, rt);
        }
        return rt;
    }

    private void remember(Object context, LoginTelemetryRuntime rt) {
        if (isFullOfLiveContexts()) {
            return; // this webapp is found by its path: no lock taken, nothing copied on its requests
        }
        // A lock of its own: the runtimes' monitor is held while one starts (reading files), and a
        // request must not wait for that.
        synchronized (byContextLock) {
            if (closed) {
                return;
            }
            List<ByContext> kept = new ArrayList<>(byContext.length + 1);
            for (ByContext c : byContext) {
                Object known = c.context().get();
                if (known == context) {
                    return;
                }
                if (known != null) {
                    kept.add(c); // a context collected after its undeploy is dropped
                }
            }
            if (kept.size() == MAX_CONTEXTS) {
                return; // full, none collected: this webapp is found by its path
            }
            kept.add(new ByContext(new WeakReference<>(context), rt));
            byContext = kept.toArray(new ByContext[0]);
        }
    }

    private boolean isFullOfLiveContexts() {
        ByContext[] known = byContext;
        if (known.length < MAX_CONTEXTS) {
            return false;
        }
        for (ByContext c : known) {
            if (c.context().get() == null) {
                return false; // a collected one's place can be taken
            }
        }
        return true;
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
        synchronized (byContextLock) {
            byContext = new ByContext[0];
        }
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
