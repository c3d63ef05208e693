package io.logintelemetry.agent.javaagent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Where the agent reads the class files of a loading class's super types, to match it against the
 * servlet types it instruments: from the jar its class loader names, opened once and kept open
 * while classes are loading, without checking the jar's signature.
 *
 * <p>Why not Byte Buddy's default (the class loader's {@code getResourceAsStream}): a container
 * that turns off URL caching for jars, as Tomcat does so that a webapp's jars can be replaced,
 * makes each such read open the jar anew, and a signed jar then has its signature verified again
 * on every read. The Eclipse compiler Tomcat compiles JSPs with is a signed jar of several hundred
 * classes: with the default, the first JSP page after a start took 8.8 s instead of 1.5 s, nearly
 * all of it verifying that signature. Nothing here is run or defined: the class loader still
 * verifies what it loads, so skipping the check for a read-only look at a class's super types
 * loses nothing.
 *
 * <p>A jar is closed {@link #IDLE} after its last read, on a thread of ours, so a webapp's jars are
 * not held open long after its classes have loaded (on Windows an open file cannot be deleted, so an
 * undeploy within that time may leave the jar behind), and at most {@link #MAX_OPEN} are open at
 * once. A jar replaced at the same path is another file, read anew. Anything that is not a plain
 * {@code jar:file:} URL of the class's own entry (a directory, the JDK's modules, a Spring Boot
 * nested jar, a class a multi-release jar keeps under {@code META-INF/versions}) is read as before,
 * through its URL.
 */
final class ClassFiles implements AgentBuilder.LocationStrategy, AutoCloseable {

    static final Duration IDLE = Duration.ofSeconds(20);
    static final int MAX_OPEN = 64;

    private final Cache<JarVersion, OpenJar> jars;
    private final ScheduledExecutorService closer;
    private final AtomicLong closed = new AtomicLong();
    /** The name of the thread that closed a jar last, marked if its context loader was not ours (for tests). */
    private volatile String lastCloser;

    /** Call while the agent installs: the thread that closes idle jars is made now (see {@link #ClassFiles(Duration)}). */
    ClassFiles() {
        this(IDLE);
    }

    /**
     * With jars closed after {@code idle} without a read (tests shorten it). Idle jars are closed on
     * a thread of ours, made here, with our class loader as its context loader: not on a JVM-wide
     * scheduler thread, which the JDK makes when first asked, inheriting the asking thread's context
     * loader (a webapp's, when a request or a deployment loads the first class) and keeping it for good.
     */
    ClassFiles(Duration idle) {
        ClassLoader ours = ClassFiles.class.getClassLoader();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "logintelemetry-class-files");
            t.setDaemon(true);
            t.setContextClassLoader(ours);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartAllCoreThreads();
        closer = executor;
        jars = Caffeine.newBuilder()
                .maximumSize(MAX_OPEN)
                .expireAfterAccess(idle)
                .scheduler(Scheduler.forScheduledExecutorService(closer))
                .executor(Runnable::run)
                .<JarVersion, OpenJar>removalListener((version, jar, cause) -> {
                    if (jar != null) {
                        jar.close();
                        closed.incrementAndGet();
                        Thread closing = Thread.currentThread();
                        lastCloser = closing.getName()
                                + (closing.getContextClassLoader() == ClassFiles.class.getClassLoader() ? "" : " (another context loader)");
                    }
                })
                .build();
    }

    @Override
    public ClassFileLocator classFileLocator(ClassLoader classLoader, JavaModule module) {
        return classLoader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : new Locator(classLoader);
    }

    /** How many jars are open now, as far as the cache knows (for tests). */
    long openJars() {
        return jars.estimatedSize();
    }

    /** How many jars were closed so far (for tests). */
    long closedJars() {
        return closed.get();
    }

    /** See {@link #lastCloser}; null before any jar was closed. */
    String lastCloser() {
        return lastCloser;
    }

    /** Closes every jar and the thread that closes idle ones (the agent stopping). */
    @Override
    public void close() {
        jars.invalidateAll();
        jars.cleanUp();
        closer.shutdownNow();
    }

    /** The class files one class loader would load, found as it finds them. */
    private final class Locator implements ClassFileLocator {
        private final ClassLoader loader;

        Locator(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public Resolution locate(String typeName) throws IOException {
            String resource = typeName.replace('.', '/') + ".class";
            URL url = loader.getResource(resource);
            if (url == null) {
                return new Resolution.Illegal(typeName);
            }
            byte[] bytes = fromJar(url, resource);
            if (bytes == null) {
                try (InputStream in = url.openStream()) {
                    bytes = in.readAllBytes();
                }
            }
            return new Resolution.Explicit(bytes);
        }

        @Override
        public void close() {
            // The jars are shared by every locator and closed when idle.
        }
    }

    /**
     * The entry {@code resource} of the local jar {@code url} points into, or null when the URL is
     * no such jar (or the jar cannot be read this way): the caller then reads it through the URL.
     */
    byte[] fromJar(URL url, String resource) {
        Path jar = localJar(url, resource);
        JarVersion version = jar == null ? null : JarVersion.of(jar);
        if (version == null) {
            return null;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            OpenJar open;
            try {
                open = jars.get(version, v -> OpenJar.open(v.path()));
            } catch (UncheckedIOException cannotOpen) {
                return null;
            }
            byte[] bytes = open.read(resource);
            if (bytes != OpenJar.CLOSED) {
                return bytes;
            }
            // Closed as idle between the look-up and the read: open it again.
        }
        return null;
    }

    /** The jar file of {@code jar:file:<path>!/<resource>}, or null for any other URL. */
    static Path localJar(URL url, String resource) {
        if (!"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath(); // file:/path/x.jar!/a/B.class
        int bang = spec.indexOf("!/");
        if (!spec.startsWith("file:") || bang < 0 || !spec.substring(bang + 2).equals(resource)) {
            return null; // nested jars (Spring Boot), other schemes, or an entry named otherwise
        }
        try {
            return Path.of(new URI(spec.substring(0, bang)));
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    /**
     * A jar file as it is on disk now: a jar replaced at the same path (a redeployed webapp's
     * library) is another version, read from the new file; the old one is closed when idle.
     */
    private record JarVersion(Path path, Object fileKey, long modified, long size) {
        static JarVersion of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                // The file key (device and inode on Unix; null elsewhere) tells a replaced file from the
                // old one even when size and time match (a rebuilt reproducible archive).
                return new JarVersion(path, attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** One jar opened for reading, without signature checks, at the release the JVM's own jar reading uses. */
    private static final class OpenJar {
        /** {@link #read}'s answer once the jar was closed. */
        static final byte[] CLOSED = new byte[0];

        private final JarFile file;
        private boolean closed;

        private OpenJar(JarFile file) {
            this.file = file;
        }

        static OpenJar open(Path path) {
            try {
                return new OpenJar(new JarFile(path.toFile(), false, ZipFile.OPEN_READ, JarFile.runtimeVersion()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The entry's bytes, null when the jar has no such entry or cannot be read, or {@link #CLOSED}. */
        synchronized byte[] read(String entryName) {
            if (closed) {
                return CLOSED;
            }
            try {
                JarEntry entry = file.getJarEntry(entryName);
                if (entry == null) {
                    return null;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        synchronized void close() {
            closed = true;
            try {
                file.close();
            } catch (IOException ignored) {
                // Read-only: nothing was written that could be lost.
            }
        }
    }
}
