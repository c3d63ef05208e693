package io.logintelemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPatternsTest {

    @Test
    void matchesServletStylePatterns() {
        UrlPatterns p = new UrlPatterns(List.of("*.css", "/static/*", "/health"));
        assertThat(p.matches("/app/site.css")).isTrue();
        assertThat(p.matches("/static")).isTrue();
        assertThat(p.matches("/static/img/logo.png")).isTrue();
        assertThat(p.matches("/health")).isTrue();
        assertThat(p.matches("/healthz")).isFalse();
        assertThat(p.matches("/staticfile")).isFalse();
        assertThat(p.matches("/app/whoami")).isFalse();
    }

    @Test
    void rootPatternMatchesEverything() {
        assertThat(new UrlPatterns(List.of("/*")).matches("/anything")).isTrue();
        assertThat(new UrlPatterns(List.of()).isEmpty()).isTrue();
    }
}
