package io.logintelemetry.engine;

import io.logintelemetry.log.Logs;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers an engine's metrics with the platform MBean server, and removes them again. */
public final class Jmx {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");

    private Jmx() {
    }

    /**
     * Registers {@code metrics} as {@code io.logintelemetry:type=Metrics[,context=...]}, replacing a
     * stale registration of the same name (a redeploy). Returns the name, or null if it failed (logged).
     */
    public static ObjectName register(EngineMetrics metrics, String context) {
        try {
            ObjectName name = new ObjectName("io.logintelemetry:type=Metrics"
                    + (context == null ? "" : ",context=" + ObjectName.quote(context.isEmpty() ? "/" : context)));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(metrics, name);
            return name;
        } catch (JMException | RuntimeException e) {
            LOG.warn("Login Telemetry could not publish its JMX metrics: " + e);
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("Login Telemetry could not remove its JMX metrics " + name + ": " + e);
        }
    }
}
