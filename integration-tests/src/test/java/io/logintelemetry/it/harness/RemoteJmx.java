package io.logintelemetry.it.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Remote JMX of a forked JVM started with {@link #options(int)}: reads the agent's metrics as an operator's console would. */
public final class RemoteJmx {

    private RemoteJmx() {
    }

    /** JVM options opening remote JMX on {@code port} of 127.0.0.1, without authentication (tests only). */
    public static List<String> options(int port) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
    }

    public static Object attribute(int port, String objectName, String attribute) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        try (JMXConnector c = JMXConnectorFactory.connect(url)) {
            return c.getMBeanServerConnection().getAttribute(new ObjectName(objectName), attribute);
        }
    }

    public static long longAttribute(int port, String objectName, String attribute) throws Exception {
        return ((Number) attribute(port, objectName, attribute)).longValue();
    }

    /** A {@code Map<String, Long>} attribute of an MXBean (open type: a table of key/value rows). */
    public static Map<String, Long> mapAttribute(int port, String objectName, String attribute) throws Exception {
        Map<String, Long> map = new HashMap<>();
        Object value = attribute(port, objectName, attribute);
        if (value instanceof TabularData table) {
            for (Object row : table.values()) {
                CompositeData d = (CompositeData) row;
                map.put(String.valueOf(d.get("key")), ((Number) d.get("value")).longValue());
            }
        }
        return map;
    }
}
