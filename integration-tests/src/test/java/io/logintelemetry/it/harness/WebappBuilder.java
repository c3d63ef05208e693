package io.logintelemetry.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Assembles the test app as an exploded WAR in a directory:
 * <pre>
 *   login.html, login-error.html          (from webapp-src/static)
 *   WEB-INF/web.xml                        FORM login on /app/*, nothing about the filter unless
 *                                          {@link #declare} adds it; plus the web.xml parts of
 *                                          {@link #withSourceSet extra source sets}
 *   WEB-INF/lib/&lt;drop-in jar&gt;           unless {@link #withoutFilter()}: the only way the filter gets in
 *   WEB-INF/classes/...                    the app's servlets, compiled now
 *   WEB-INF/classes/logintelemetry.properties   this deployment's filter configuration
 * </pre>
 * Each deployment gets its own properties file, so several differently configured apps can run in
 * one container without touching global system properties.
 */
public final class WebappBuilder {

    /** System property with the path of the filter's drop-in jar (set by the failsafe configuration). */
    public static final String DROPIN_JAR_PROPERTY = "dropin.jar";

    /**
     * A file in a source set's root holding web.xml elements (servlets, filters, mappings) that the
     * source set needs; it goes into WEB-INF/web.xml, not into WEB-INF/classes.
     */
    static final String WEB_XML_PART = "web.xml-part";

    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<String> extraSourceSets = new ArrayList<>();
    private final StringBuilder webXmlAdditions = new StringBuilder();
    private boolean metadataComplete;
    private boolean withFilter = true;
    private boolean basicAuth;

    private WebappBuilder() {
    }

    /** The test app with the filter's drop-in jar in WEB-INF/lib. */
    public static WebappBuilder testApp() {
        return new WebappBuilder();
    }

    /** A {@code logintelemetry.*} key for this deployment's logintelemetry.properties. */
    public WebappBuilder config(String key, String value) {
        if (!key.startsWith("logintelemetry.")) {
            throw new IllegalArgumentException("Login Telemetry keys start with logintelemetry.: " + key);
        }
        config.put(key, value);
        return this;
    }

    /** The same app without the filter: the baseline that fail-open behaviour is compared with. */
    public WebappBuilder withoutFilter() {
        this.withFilter = false;
        return this;
    }

    /** Adds a detector plug-in that throws on every event (webapp-src/throwing-detector). */
    public WebappBuilder withThrowingDetector() {
        return withSourceSet("throwing-detector");
    }

    /**
     * Adds the classes of webapp-src/{@code name}, compiled against the drop-in jar (so they may call
     * the public API), and the web.xml elements of its {@value #WEB_XML_PART} file if it has one.
     */
    public WebappBuilder withSourceSet(String name) {
        extraSourceSets.add(name);
        return this;
    }

    /** Adds web.xml elements (e.g. the filter declared by the app itself) at the end of WEB-INF/web.xml. */
    public WebappBuilder declare(String webXmlElements) {
        webXmlAdditions.append(webXmlElements).append('\n');
        return this;
    }

    /** Protects /app/* with the container's BASIC authentication instead of its FORM login. */
    public WebappBuilder basicAuth() {
        this.basicAuth = true;
        return this;
    }

    /**
     * Marks web.xml {@code metadata-complete="true"}: the container then ignores annotations and every
     * web-fragment.xml, the drop-in jar's included, so only what web.xml declares runs.
     */
    public WebappBuilder metadataComplete() {
        this.metadataComplete = true;
        return this;
    }

    /** Writes the exploded WAR into {@code dir} (created) and returns it. */
    public Path buildIn(Path dir) {
        try {
            Path webInf = dir.resolve("WEB-INF");
            Path classes = webInf.resolve("classes");
            Files.createDirectories(classes);
            copyTree(sourceSet("static"), dir);
            for (String set : extraSourceSets) {
                Path part = sourceSet(set).resolve(WEB_XML_PART);
                if (Files.isRegularFile(part)) {
                    webXmlAdditions.append(Files.readString(part, StandardCharsets.UTF_8)).append('\n');
                }
            }
            editWebXml(webInf.resolve("web.xml"));

            List<Path> sourceRoots = new ArrayList<>();
            sourceRoots.add(sourceSet("app"));
            for (String set : extraSourceSets) {
                sourceRoots.add(sourceSet(set));
            }
            List<Path> compileClassPath = new ArrayList<>();
            compileClassPath.add(servletApiJar());
            if (withFilter || !extraSourceSets.isEmpty()) {
                compileClassPath.add(dropInJar());
            }
            WebappCompiler.compile(sourceRoots, compileClassPath, classes);
            for (Path root : sourceRoots) {
                copyTree(root, classes); // service files and other resources; .java files are skipped
            }

            if (withFilter) {
                Path lib = Files.createDirectories(webInf.resolve("lib"));
                Files.copy(dropInJar(), lib.resolve(dropInJar().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            writeProperties(classes.resolve("logintelemetry.properties"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void editWebXml(Path webXml) throws IOException {
        String xml = Files.readString(webXml, StandardCharsets.UTF_8);
        String end = "</web-app>";
        xml = xml.replace(end, webXmlAdditions + end);
        if (basicAuth) {
            xml = xml.replace("<auth-method>FORM</auth-method>", "<auth-method>BASIC</auth-method>");
        }
        if (metadataComplete) {
            xml = xml.replace("version=\"6.0\">", "version=\"6.0\" metadata-complete=\"true\">");
        }
        Files.writeString(webXml, xml, StandardCharsets.UTF_8);
    }

    private void writeProperties(Path file) throws IOException {
        // Written by hand rather than with Properties.store: no date comment, stable order, easy to read
        // when a failing deployment is inspected. Values here are plain ASCII, so no escaping is needed.
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# Written by the integration test harness for this deployment only.\n");
            for (Map.Entry<String, String> e : config.entrySet()) {
                out.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
    }

    /** The drop-in jar under test, from the {@value #DROPIN_JAR_PROPERTY} system property. */
    public static Path dropInJar() {
        String path = System.getProperty(DROPIN_JAR_PROPERTY);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("System property " + DROPIN_JAR_PROPERTY
                    + " is not set; run the tests through Maven (mvn -pl integration-tests -am verify)");
        }
        Path jar = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The filter's drop-in jar " + jar
                    + " does not exist; build it first (mvn -pl filter package)");
        }
        return jar;
    }

    private static Path servletApiJar() {
        try {
            return Path.of(jakarta.servlet.Servlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A directory under src/test/webapp-src. */
    private static Path sourceSet(String name) {
        // Failsafe runs with the module directory as working directory and also passes basedir.
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path dir = base.resolve("src/test/webapp-src").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Missing test app sources: " + dir);
        }
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                if (source.toString().endsWith(".java") || source.getFileName().toString().equals(WEB_XML_PART)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
