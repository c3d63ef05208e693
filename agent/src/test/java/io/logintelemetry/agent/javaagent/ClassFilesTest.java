package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the agent reads super types' class files while it matches a loading class: the bytes the
 * class loader would load, from jars opened once and closed when idle, and anything else through
 * its URL as before.
 */
class ClassFilesTest {

    /** A type to find in a jar: its super types are what the agent's matchers walk. */
    static class Sample implements Serializable, Runnable {
        @Override
        public void run() {
        }
    }

    @TempDir
    Path dir;

    @Test
    void readsFromAJarTheBytesTheClassLoaderWouldLoad() throws Exception {
        Path jar = jarWith(Sample.class);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ClassFiles classFiles = new ClassFiles()) {
            ClassFileLocator locator = classFiles.classFileLocator(loader, null);

            ClassFileLocator.Resolution found = locator.locate(Sample.class.getName());

            assertThat(found.isResolved()).isTrue();
            assertThat(found.resolve()).isEqualTo(bytesOf(Sample.class));
            assertThat(classFiles.openJars()).as("read from the jar opened by us").isEqualTo(1);
            assertThat(locator.locate("no.such.Type").isResolved()).isFalse();

            classFiles.close();
            assertThat(classFiles.closedJars()).as("closed when the agent stops").isEqualTo(1);
        }
    }

    @Test
    void aTypePoolOnItSeesTheSuperTypesTheMatchersAskFor() throws Exception {
        Path jar = jarWith(Sample.class);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ClassFiles classFiles = new ClassFiles()) {
            ClassFileLocator locator = classFiles.classFileLocator(loader, null);
            TypeDescription sample = TypePool.Default.of(locator).describe(Sample.class.getName()).resolve();

            assertThat(sample.getInterfaces().asErasures().stream().map(TypeDescription::getName))
                    .containsExactlyInAnyOrder(Serializable.class.getName(), Runnable.class.getName());
            assertThat(sample.isAssignableTo(Serializable.class)).isTrue();
        }
    }

    @Test
    void classFilesOutsideJarsAreReadThroughTheirUrl() throws Exception {
        Path classes = dir.resolve("classes");
        Path file = classes.resolve(resourceOf(Sample.class));
        Files.createDirectories(file.getParent());
        Files.write(file, bytesOf(Sample.class));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
             ClassFiles classFiles = new ClassFiles()) {
            ClassFileLocator.Resolution found = classFiles.classFileLocator(loader, null).locate(Sample.class.getName());

            assertThat(found.resolve()).isEqualTo(bytesOf(Sample.class));
            assertThat(classFiles.openJars()).isZero();
        }
    }

    @Test
    void idleJarsAreClosedAndOpenedAgainWhenAskedAgain() throws Exception {
        Path jar = jarWith(Sample.class);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ClassFiles classFiles = new ClassFiles(Duration.ofMillis(100))) {
            ClassFileLocator locator = classFiles.classFileLocator(loader, null);
            locator.locate(Sample.class.getName());
            assertThat(classFiles.openJars()).isEqualTo(1);

            // Nothing reads any more: only the agent's own thread can close it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (classFiles.closedJars() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(classFiles.closedJars()).as("closed once idle, with no read to trigger it").isEqualTo(1);
            assertThat(classFiles.lastCloser()).as("by the agent's own thread, whose context loader is ours")
                    .isEqualTo("logintelemetry-class-files");

            assertThat(locator.locate(Sample.class.getName()).resolve()).isEqualTo(bytesOf(Sample.class));
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "a file open for reading cannot be replaced on Windows")
    void aJarReplacedAtItsPathIsReadAnew() throws Exception {
        Path jar = jarWith(Sample.class);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ClassFiles classFiles = new ClassFiles()) {
            ClassFileLocator locator = classFiles.classFileLocator(loader, null);
            assertThat(locator.locate(Sample.class.getName()).resolve()).isEqualTo(bytesOf(Sample.class));

            // A redeploy puts a new library at the same path, where the class has changed (here: other
            // bytes), with the same time stamp, as a rebuilt reproducible archive may have.
            java.nio.file.attribute.FileTime stamp = Files.getLastModifiedTime(jar);
            byte[] changed = bytesOf(Sample.class);
            changed[changed.length - 1] ^= 1;
            Path replacement = jarWithEntry(resourceOf(Sample.class), changed);
            Files.setLastModifiedTime(replacement, stamp);
            assertThat(Files.size(replacement)).as("the same size too").isEqualTo(Files.size(jar));
            Files.move(replacement, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            assertThat(locator.locate(Sample.class.getName()).resolve()).isEqualTo(changed);
        }
    }

    @Test
    void onlyPlainLocalJarUrlsAreOpenedDirectly() throws Exception {
        String resource = "a/B.class";

        assertThat(ClassFiles.localJar(new URL("jar:file:/srv/app/lib/x.jar!/a/B.class"), resource))
                .isEqualTo(Path.of("/srv/app/lib/x.jar"));
        assertThat(ClassFiles.localJar(new URL("jar:file:/srv/my%20app/x.jar!/a/B.class"), resource))
                .as("an escaped path").isEqualTo(Path.of("/srv/my app/x.jar"));
        assertThat(ClassFiles.localJar(new URL("file:/srv/app/classes/a/B.class"), resource)).isNull();
        assertThat(ClassFiles.localJar(new URL("jar:file:/srv/app.jar!/BOOT-INF/lib/x.jar!/a/B.class"), resource))
                .as("a nested jar").isNull();
        assertThat(ClassFiles.localJar(new URL("jar:file:/srv/app/lib/x.jar!/other/B.class"), resource))
                .as("an entry named otherwise").isNull();
    }

    private Path jarWith(Class<?> type) throws IOException {
        return jarWithEntry(resourceOf(type), bytesOf(type));
    }

    private Path jarWithEntry(String name, byte[] content) throws IOException {
        Path jar = Files.createTempFile(dir, "classes", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            // Stored, not deflated: a jar's size then depends on its entry's length alone.
            JarEntry entry = new JarEntry(name);
            entry.setMethod(JarEntry.STORED);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            entry.setTime(0);
            out.putNextEntry(entry);
            out.write(content);
            out.closeEntry();
        }
        return jar;
    }

    private static String resourceOf(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(resourceOf(type))) {
            return in.readAllBytes();
        }
    }
}
