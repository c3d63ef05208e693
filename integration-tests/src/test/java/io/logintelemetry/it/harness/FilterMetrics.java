package io.logintelemetry.it.harness;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The filter's counters of one web app, read over JMX in-process: the MBean
 * {@code io.logintelemetry:type=Metrics,context=<context path>} on the platform MBean server.
 */
public final class FilterMetrics {

    private final ObjectName name;

    private FilterMetrics(ObjectName name) {
        this.name = name;
    }

    /** The metrics of the web app at {@code contextPath}; fails listing what is registered if absent. */
    public static FilterMetrics of(String contextPath) {
        return find(contextPath).orElseThrow(() -> new AssertionError("No Login Telemetry MBean for context "
                + contextPath + "; registered: " + registered()));
    }

    /** The metrics of the web app at {@code contextPath}, if the filter runs there. */
    public static Optional<FilterMetrics> find(String contextPath) {
        for (ObjectName n : registered()) {
            String context = n.getKeyProperty("context");
            if (context != null && contextPath.equals(unquote(context))) {
                return Optional.of(new FilterMetrics(n));
            }
        }
        return Optional.empty();
    }

    private static Set<ObjectName> registered() {
        try {
            return ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("io.logintelemetry:type=Metrics,*"), null);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    public long detectorErrors() {
        return longAttribute("DetectorErrors");
    }

    public long events() {
        return longAttribute("Events");
    }

    public long malformedHeaders() {
        return longAttribute("MalformedHeaders");
    }

    /** One entry of EventsByType: {@code request}, {@code login}, {@code session_end}, ... (0 if absent). */
    public long eventsOfType(String type) {
        return mapEntry("EventsByType", type);
    }

    /** One entry of FlagsBySignal, e.g. {@code ip.churn} (0 if none was raised). */
    public long flagsOfSignal(String signal) {
        return mapEntry("FlagsBySignal", signal);
    }

    /** One entry of ExportCounters, e.g. {@code webhook.delivered} (0 if absent). */
    public long exportCounter(String name) {
        return mapEntry("ExportCounters", name);
    }

    /** One entry of StateSnapshot, e.g. {@code written} (0 if absent). */
    public long stateSnapshot(String name) {
        return mapEntry("StateSnapshot", name);
    }

    /** A {@code Map<String, Long>} attribute, which an MXBean publishes as TabularData of (key, value) rows. */
    private long mapEntry(String attribute, String key) {
        Object value;
        try {
            value = ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
        } catch (JMException e) {
            throw new IllegalStateException("Cannot read " + attribute + " of " + name, e);
        }
        for (Object row : ((TabularData) value).values()) {
            CompositeData entry = (CompositeData) row;
            if (key.equals(entry.get("key"))) {
                return ((Number) entry.get("value")).longValue();
            }
        }
        return 0;
    }

    public long longAttribute(String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).longValue();
        } catch (JMException e) {
            throw new IllegalStateException("Cannot read " + attribute + " of " + name, e);
        }
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }
}
