package io.logintelemetry.servlet;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.detect.DetectorProvider;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.engine.EngineBuilder;
import io.logintelemetry.engine.Jmx;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.intel.IpIntelligenceProvider;
import io.logintelemetry.log.Logs;
import io.logintelemetry.sink.BoundedWorker;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.sink.FlagSinkProvider;
import io.logintelemetry.sink.JsonLogSink;
import io.logintelemetry.state.PeriodicSnapshot;
import io.logintelemetry.state.StateSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.management.ObjectName;

/**
 * Everything one web application's Login Telemetry needs, created once at start-up: the validated
 * configuration, the engine with its sinks, the request observer, the audit log and the JMX
 * registration. Kept as a servlet context attribute so the filter, the listener and the public API
 * of one webapp share it, while two webapps in one container never do.
 */
public final class LoginTelemetryRuntime implements AutoCloseable {

    /** Servlet context attribute under which each webapp's runtime is found (the agent sets it too). */
    public static final String CONTEXT_ATTRIBUTE = Attributes.RUNTIME;

    /** Logger of the audit lines written for every block and step-up. */
    public static final String AUDIT_LOGGER = "io.logintelemetry.audit";

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");

    private final LoginTelemetryConfig config;
    private final Engine engine;
    private final RequestObserver observer;
    private final BoundedWorker<String> audit;
    private final ObjectName jmxName;
    /** Saves the state now and then and at close, when a snapshot file is configured; else null. */
    private final PeriodicSnapshot snapshot;

    private LoginTelemetryRuntime(LoginTelemetryConfig config, Engine engine, String contextPath, BoundedWorker<String> audit,
                                  ObjectName jmxName, CaptureRules capture, PeriodicSnapshot snapshot) {
        this.config = config;
        this.snapshot = snapshot;
        this.engine = engine;
        this.audit = audit;
        this.jmxName = jmxName;
        this.observer = new RequestObserver(config, engine, audit, contextPath, capture);
    }

    /**
     * Builds the runtime of one webapp.
     *
     * @param classLoader the webapp's class loader, where detector and IP-intelligence providers are looked up
     * @param contextPath the webapp's context path, naming its JMX bean
     */
    public static LoginTelemetryRuntime start(LoginTelemetryConfig config, ClassLoader classLoader, String contextPath) {
        // Rules first: a wrong one stops the start (naming its key) before any thread or bean exists.
        CaptureRules capture = CaptureRules.from(config);
        JsonLogSink logSink = new JsonLogSink(config.get(ConfigKeys.FLAGS_QUEUE_CAPACITY));
        List<Detector> extra = new ArrayList<>();
        for (DetectorProvider provider : ServiceLoader.load(DetectorProvider.class, classLoader)) {
            extra.addAll(provider.create(config));
        }
        // SIEM exporters (the export module, when on the class path and configured).
        List<FlagSink> exporters = FlagSinkProvider.discover(classLoader, config, contextPath.isEmpty() ? "ROOT" : contextPath);
        EngineBuilder builder = Engine.builder(config)
                .ipIntelligence(IpIntelligenceProvider.discover(classLoader, config))
                .sink(logSink)
                .addDetectors(extra)
                .nodeFromConfig();
        exporters.forEach(builder::sink);
        Path snapshotFile = null;
        StateSnapshot.Restored restored = null;
        if (!config.get(ConfigKeys.STATE_SNAPSHOT_FILE).isBlank()) {
            String name = config.get(ConfigKeys.STATE_SNAPSHOT_FILE).replace("{context}",
                    contextPath.isEmpty() ? "ROOT" : contextPath.substring(1).replace('/', '_'));
            try {
                snapshotFile = Path.of(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw new io.logintelemetry.config.ConfigException(ConfigKeys.STATE_SNAPSHOT_FILE.name(),
                        "'" + name + "' is not a usable file name");
            }
            restored = restoreSnapshot(config, snapshotFile);
            builder.stateStore(restored.store());
        }
        // A shared store (Redis) when state.store names one: its module is found like the exporters.
        io.logintelemetry.state.StateStore shared = io.logintelemetry.state.StateStoreProvider.discover(classLoader, config,
                contextPath.isEmpty() ? "ROOT" : contextPath);
        if (shared != null) {
            if (restored != null) {
                shared.close();
                throw new io.logintelemetry.config.ConfigException(ConfigKeys.STATE_SNAPSHOT_FILE.name(),
                        "a snapshot file is for a single node; leave it empty with " + ConfigKeys.STATE_STORE.name() + "="
                                + config.get(ConfigKeys.STATE_STORE));
            }
            builder.stateStore(shared);
        }
        Engine engine = builder.build();
        engine.metrics().flagsDropped(logSink::dropped);
        engine.metrics().exportCounters(() -> exportCounters(exporters));
        Logs.Logger auditLogger = Logs.get(AUDIT_LOGGER);
        BoundedWorker<String> audit = new BoundedWorker<>("audit-log", auditLogger::info,
                config.get(ConfigKeys.FLAGS_QUEUE_CAPACITY));
        ObjectName jmx = config.get(ConfigKeys.JMX_ENABLED) ? Jmx.register(engine.metrics(), contextPath) : null;
        LOG.info("Login Telemetry started for " + (contextPath.isEmpty() ? "/" : contextPath) + " with "
                + (extra.isEmpty() ? "the built-in detectors" : extra.size() + " extra detector(s)")
                + "; settings: " + config.explicitValues().keySet());
        for (String warning : config.warnings()) {
            LOG.warn("Login Telemetry configuration: " + warning);
        }
        if (!capture.isEmpty()) {
            LOG.info("Login Telemetry capture rules: " + String.join("; ", capture.describe()));
        }
        // Last, so that nothing after it can fail and leave the snapshot thread running.
        PeriodicSnapshot snapshot = restored == null ? null
                : PeriodicSnapshot.start(restored.store(), snapshotFile, config.get(ConfigKeys.STATE_SNAPSHOT_INTERVAL));
        if (snapshot != null) {
            engine.metrics().stateSnapshot(snapshot::counters);
        }
        return new LoginTelemetryRuntime(config, engine, contextPath, audit, jmx, capture, snapshot);
    }

    /** Restores the state saved by the last run, saying in one line what came back or why nothing did. */
    private static StateSnapshot.Restored restoreSnapshot(LoginTelemetryConfig config, Path file) {
        // Said now rather than at the first write, minutes later: the operator is watching the start-up.
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && (Files.isDirectory(dir) ? !Files.isWritable(dir) : !creatable(dir))) {
            LOG.warn("Login Telemetry configuration: " + ConfigKeys.STATE_SNAPSHOT_FILE.name() + ": the directory " + dir
                    + " cannot be written; the state will not be saved");
        }
        StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
        if (restored.problem() != null) {
            LOG.warn("Login Telemetry state snapshot " + file + " not restored (" + restored.problem()
                    + "); starting with empty state");
        } else if (restored.found()) {
            LOG.info("Login Telemetry restored its state from " + file + ": " + restored.counts());
        } else {
            LOG.info("Login Telemetry found no state snapshot at " + file + "; starting with empty state");
        }
        return restored;
    }

    private static boolean creatable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Long> exportCounters(List<FlagSink> exporters) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (FlagSink sink : exporters) {
            all.putAll(sink.counters());
        }
        return all;
    }

    public LoginTelemetryConfig config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    /** A login the application reports through the public API. */
    public List<Flag> reportLogin(HttpServletRequest request, String account, boolean success) {
        return observer.reportedLogin(request, account, success);
    }

    /** A logout the application reports through the public API. */
    public List<Flag> reportLogout(HttpServletRequest request, String account) {
        return observer.reportedLogout(request, account);
    }

    /** An event of {@code type} for {@code account} with this request's client IP, session, device and agent. */
    public Event.Builder eventFor(HttpServletRequest request, EventType type, String account) {
        return observer.eventFor(request, account, type);
    }

    /**
     * Watches a request before the application handles it: records it, sets the request attributes
     * and applies the account's action. The servlet filter calls it, and so can other intake (the
     * agent) that has no filter in the chain.
     *
     * @return null for a request we do not watch; check {@link RequestObservation#answered()}: if
     *         set, we answered the request (block, step-up) and the application must not see it;
     *         otherwise hand the application {@link RequestObservation#applicationRequest} (capture
     *         rules on JSON bodies copy what it reads through that wrapper)
     */
    public RequestObservation beforeRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return observer.before(request, response);
    }

    /**
     * As {@link #beforeRequest(HttpServletRequest, HttpServletResponse)}, also for intake outside the
     * application (the agent), which cannot hand it another request object nor objects of our types:
     * with {@code inApplication} false a body copy a capture rule on JSON bodies wants is fed by the
     * intake instead, through {@link RequestObservation#copyBody} around the application's own
     * stream or reader, and the request carries the flags as JSON only
     * ({@value Attributes#FLAGS_JSON}), not as objects ({@value Attributes#FLAGS}).
     */
    public RequestObservation beforeRequest(HttpServletRequest request, HttpServletResponse response, boolean inApplication)
            throws IOException {
        return observer.before(request, response, inApplication);
    }

    /**
     * Watches the same request after the application handled it: logins, logouts, failed logins, and
     * the events of capture rules (on a 2xx or 3xx answer). Pass the original request.
     */
    public void afterRequest(RequestObservation observation, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        observer.after(observation, request, response);
    }

    /**
     * A session the container created while the observed request ran (for intake that sees session
     * creation, the agent). A session created for an account already known on the request starts
     * with that account's login: the request's login is carried on to the session, or a login
     * carrying the session is recorded; a session of an anonymous visitor is left alone. Pass the
     * observation {@link #beforeRequest} returned for the same request.
     */
    public void sessionStarted(RequestObservation observation, HttpSession session) {
        observer.sessionStarted(observation, session);
    }

    /** Stops the workers (delivering what they hold, within their time limit) and removes the JMX bean. */
    @Override
    public void close() {
        Jmx.unregister(jmxName);
        engine.close();
        audit.close();
        if (snapshot != null) {
            snapshot.close(); // after the engine: the last events are in the last snapshot
        }
    }
}
