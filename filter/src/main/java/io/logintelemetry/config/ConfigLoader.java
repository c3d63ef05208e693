package io.logintelemetry.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the configuration from its sources, later ones overriding earlier ones:
 * <ol>
 *   <li>built-in defaults,</li>
 *   <li>{@code logintelemetry.properties} on the application's class path (e.g. {@code WEB-INF/classes}),</li>
 *   <li>the properties file named by {@code logintelemetry.config},</li>
 *   <li>web.xml / context init parameters (or the agent argument),</li>
 *   <li>environment variables ({@code LOGINTELEMETRY_X_Y} for {@code logintelemetry.x.y}),</li>
 *   <li>system properties.</li>
 * </ol>
 * Runs once at start-up; never on a request.
 */
public final class ConfigLoader {

    /** Name of the optional class-path resource. */
    public static final String CLASSPATH_RESOURCE = "logintelemetry.properties";

    private ConfigLoader() {
    }

    /**
     * Loads and validates.
     *
     * @param classLoader where to look for {@value #CLASSPATH_RESOURCE}; may be null
     * @param initParams  init parameters (full key names); may be empty
     * @throws ConfigException for an unreadable file or a bad key or value, naming the key
     */
    public static LoginTelemetryConfig load(ClassLoader classLoader, Map<String, String> initParams) {
        return LoginTelemetryConfig.from(
                merge(classLoader, initParams, System.getenv(), System.getProperties()));
    }

    /** The merged raw values, from explicit sources (visible for tests). */
    static Map<String, String> merge(ClassLoader classLoader, Map<String, String> initParams,
                                     Map<String, String> environment, Properties systemProperties) {
        Map<String, String> fromEnvironment = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String v = environment.get(key.environmentName());
            if (v != null) {
                fromEnvironment.put(key.name(), v);
            }
        }
        Map<String, String> fromSystem = new HashMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(ConfigKeys.PREFIX)) {
                fromSystem.put(name, systemProperties.getProperty(name));
            }
        }

        Map<String, String> merged = new HashMap<>();
        if (classLoader != null) {
            merged.putAll(classPathProperties(classLoader));
        }
        String file = firstNonNull(fromSystem.get(ConfigKeys.CONFIG_FILE.name()),
                fromEnvironment.get(ConfigKeys.CONFIG_FILE.name()), initParams.get(ConfigKeys.CONFIG_FILE.name()));
        if (file != null && !file.isBlank()) {
            merged.putAll(fileProperties(Path.of(file.trim())));
        }
        merged.putAll(initParams);
        merged.putAll(fromEnvironment);
        merged.putAll(fromSystem);
        return merged;
    }

    /** Reads one properties file (UTF-8). */
    public static Map<String, String> fileProperties(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return toMap(in);
        } catch (IOException e) {
            throw new ConfigException(ConfigKeys.CONFIG_FILE.name(), "cannot read " + path + ": " + e);
        }
    }

    private static Map<String, String> classPathProperties(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(CLASSPATH_RESOURCE)) {
            return in == null ? Map.of() : toMap(in);
        } catch (IOException e) {
            throw new ConfigException(ConfigKeys.CONFIG_FILE.name(), "cannot read class-path " + CLASSPATH_RESOURCE + ": " + e);
        }
    }

    private static Map<String, String> toMap(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> result = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            result.put(name, p.getProperty(name));
        }
        return result;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
