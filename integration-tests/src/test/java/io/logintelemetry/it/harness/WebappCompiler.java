package io.logintelemetry.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the test app's sources at test time. The app's detector plug-in implements the filter's
 * interfaces, so it must be compiled against the drop-in jar; doing that here (instead of in the
 * Maven build) keeps the filter off the test class path, where it would hide class-loading bugs of
 * the real WEB-INF/lib deployment.
 */
final class WebappCompiler {

    private WebappCompiler() {
    }

    /** Compiles every .java file under {@code sourceRoots} into {@code classesDir}, Java 17 bytecode. */
    static void compile(List<Path> sourceRoots, List<Path> classPath, Path classesDir) {
        List<Path> sources = new ArrayList<>();
        for (Path root : sourceRoots) {
            sources.addAll(javaFilesUnder(root));
        }
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("No Java compiler: run the integration tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(classesDir);
            List<String> options = List.of(
                    "--release", "17",
                    "-proc:none",
                    "-encoding", "UTF-8",
                    "-classpath", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                    "-d", classesDir.toString());
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalStateException("The test app does not compile:\n" + diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> d.toString())
                        .collect(Collectors.joining("\n")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFilesUnder(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
