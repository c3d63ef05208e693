package io.logintelemetry.it.harness;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.Set;
import javax.management.JMException;
import javax.management.ObjectName;

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
