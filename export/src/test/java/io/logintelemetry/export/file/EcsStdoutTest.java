package io.logintelemetry.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logintelemetry.export.TestFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export.ecs.file=-}: a JVM of its own (standard output is the process's, as a log shipper
 * reading a container's output sees it) writes each flag as one ECS document a line, a hostile one
 * included, and every flag published before shutdown is there when it ends.
 */
class EcsStdoutTest {

    @TempDir
    Path dir;

    @Test
    void flagsGoToStandardOutputOneEcsDocumentALine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EcsStdoutChild.class.getName(), dir.resolve("spool").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try {
            out = child.getInputStream().readAllBytes();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isZero();
        String text = new String(out, StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("{\"@timestamp\"")) {
                docs.add(json.readTree(line));
            }
        }
        assertThat(docs).hasSize(4);
        assertThat(docs).extracting(d -> d.path("event").path("id").asText())
                .contains("stdout-0", "stdout-1", "stdout-2");
        JsonNode first = docs.stream().filter(d -> d.path("event").path("id").asText().equals("stdout-0")).findFirst().orElseThrow();
        assertThat(first.path("rule").path("id").asText()).isEqualTo("ip.churn");
        assertThat(first.path("user").path("name").asText()).isEqualTo("user0");
        assertThat(first.path("source").path("ip").asText()).isEqualTo("203.0.113.9");
        // The hostile flag's CR/LF stayed inside its one line: no line of the output is forged by it.
        assertThat(text.lines()).noneMatch(l -> l.startsWith("CEF:0|forged"));
        assertThat(docs).anySatisfy(d -> assertThat(d.path("message").asText()).startsWith("summary a|b=c\\d\r\nCEF:0|forged"));
    }
}
