package io.logintelemetry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration reference must match the keys the code reads, both ways. */
class ConfigDocumentationTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void readmeContainsTheGeneratedReference() throws IOException {
        assertThat(readme()).contains(ConfigReference.markdownTable());
    }

    @Test
    void everyKeyTheReadmeMentionsExists() throws IOException {
        Matcher m = Pattern.compile("`(logintelemetry\\.[a-z0-9_.\\-]+)`").matcher(readme());
        while (m.find()) {
            String key = m.group(1);
            if (key.endsWith(".") || key.contains("x.y") || key.contains("<")) {
                continue;
            }
            boolean known = ConfigKeys.all().stream().anyMatch(k -> k.name().equals(key))
                    || key.equals("logintelemetry.properties");
            assertThat(known).as("README mentions %s, which the code does not know", key).isTrue();
        }
    }
}
