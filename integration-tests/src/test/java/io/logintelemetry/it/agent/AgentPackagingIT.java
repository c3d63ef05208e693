package io.logintelemetry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.AgentJar;
import io.logintelemetry.it.harness.WebappBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the agent and drop-in jars carry: every bundled class relocated under our package, the
 * licence and notice files of what they bundle, and a CycloneDX SBOM written next to each.
 */
class AgentPackagingIT {

    @Test
    void theAgentJarBundlesOnlyRelocatedClassesBesidesItsOwn() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            List<String> strays = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .filter(n -> !n.startsWith("io/logintelemetry/shaded/") && !n.startsWith("io/logintelemetry/agent/"))
                    .toList();
            assertThat(strays).as("classes an application's own copies could clash with").isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("io.logintelemetry.agent.javaagent.AgentEntry");
            assertThat(jar.getManifest().getMainAttributes().getValue("Agent-Class"))
                    .isEqualTo("io.logintelemetry.agent.javaagent.AgentEntry");
            assertThat(jar.getManifest().getMainAttributes().getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    @Test
    void bothJarsCarryTheLicencesAndNoticesOfWhatTheyBundle() throws IOException {
        assertLicences(AgentJar.path(), "Byte Buddy", "Caffeine", "SLF4J", "Jakarta Servlet API", "picocli", "Lettuce", "Netty", "Reactor");
        assertLicences(WebappBuilder.dropInJar(), "Caffeine", "Jackson", "MaxMind");
    }

    @Test
    void theBuildWritesACycloneDxSbomNextToEachJar() throws IOException {
        String agent = Files.readString(AgentJar.path().resolveSibling("logintelemetry-agent-sbom.json"), StandardCharsets.UTF_8);
        assertThat(agent).contains("\"bomFormat\" : \"CycloneDX\"").contains("pkg:maven/net.bytebuddy/byte-buddy@1.18.17")
                .contains("pkg:maven/com.github.ben-manes.caffeine/caffeine@").contains("pkg:maven/io.lettuce/lettuce-core@");
        String dropin = Files.readString(WebappBuilder.dropInJar().resolveSibling("logintelemetry-dropin-sbom.json"),
                StandardCharsets.UTF_8);
        assertThat(dropin).contains("\"bomFormat\" : \"CycloneDX\"").contains("pkg:maven/com.maxmind.geoip2/geoip2@");
    }

    private static void assertLicences(Path jarPath, String... libraries) throws IOException {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            String thirdParty = text(jar, "META-INF/THIRD-PARTY.txt");
            for (String library : libraries) {
                assertThat(thirdParty).as("%s names %s", jarPath.getFileName(), library).contains(library);
            }
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License").contains("Version 2.0");
            assertThat(text(jar, "META-INF/NOTICE")).contains("Jackson");
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry e = jar.getEntry(name);
        assertThat(e).as("%s in %s", name, jar.getName()).isNotNull();
        return new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
    }
}
