package io.logintelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.it.harness.WebappBuilder;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Name matching and wallet validation inside the relocated drop-in jar, loaded alone in a fresh
 * class loader (parent: the platform loader, so neither the test's own ICU4J nor the unshaded filter
 * can help): ICU4J's classes and its data files must both have moved under io.logintelemetry.shaded.icu,
 * and ICU must find its data there (normalisation, kana transliteration).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropInTextIT {

    private static final String SHADED_ICU = "io/logintelemetry/shaded/icu/";

    private Path jar;
    private URLClassLoader loader;

    @BeforeAll
    void loadTheDropInAlone() throws Exception {
        jar = Path.of(System.getProperty(WebappBuilder.DROPIN_JAR_PROPERTY, "../dropin/target/logintelemetry-dropin.jar"));
        assertThat(jar).as("the drop-in jar (built by the dropin module)").isRegularFile();
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    void close() throws Exception {
        if (loader != null) {
            loader.close();
        }
    }

    @Test
    void icuIsBundledRelocatedWithItsData() throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.stream().map(e -> e.getName()).filter(n -> n.startsWith("com/ibm/icu/")))
                    .as("nothing left under ICU's own package").isEmpty();
            assertThat(file.getEntry(SHADED_ICU + "text/Transliterator.class")).isNotNull();
            assertThat(file.getEntry(SHADED_ICU + "impl/data/icudata/translit/root.res"))
                    .as("transliteration data moved along").isNotNull();
            assertThat(file.getEntry(SHADED_ICU + "impl/data/icudata/nfkc.nrm"))
                    .as("normalisation data moved along").isNotNull();
        }
        assertThatThrownBy(() -> loader.loadClass("com.ibm.icu.text.Transliterator"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(loader.loadClass("io.logintelemetry.shaded.icu.text.Transliterator")).isNotNull();
    }

    @Test
    void nameMatchingWorksThroughTheShadedIcu() throws Exception {
        Class<?> matcherClass = loader.loadClass("io.logintelemetry.text.NameMatcher");
        assertThat(matcherClass.getClassLoader()).isSameAs(loader);
        Object matcher = matcherClass.getConstructor().newInstance();
        Method compare = matcherClass.getMethod("compare", String.class, String.class);

        // Half-width kana and NFKC, katakana to Latin (ICU transliteration data), bank kana, name order.
        assertThat(verdict(compare.invoke(matcher, "Shota Saitoh", "ｻｲﾄｳ ｼﾖｳﾀ"))).isEqualTo("SAME");
        assertThat(verdict(compare.invoke(matcher, "やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ"))).isEqualTo("SAME");
        assertThat(verdict(compare.invoke(matcher, "ヤマダショウジ株式会社", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ"))).isEqualTo("SAME");
        assertThat(verdict(compare.invoke(matcher, "Taro Yamada", "ﾔﾏﾓﾄ ﾀﾛｳ"))).isEqualTo("DIFFERENT");
        assertThat(verdict(compare.invoke(matcher, "山田 太郎", "ヤマダ タロウ"))).isEqualTo("NOT_COMPARABLE");
    }

    @Test
    void walletValidationWorksInTheDropIn() throws Exception {
        Class<?> scannerClass = loader.loadClass("io.logintelemetry.text.MessageScanner");
        Object scanner = scannerClass.getMethod("create").invoke(null);
        Method scan = scannerClass.getMethod("scan", String.class);

        Object found = scan.invoke(scanner, "BTC: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq / ETH: "
                + "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed / TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
        Object broken = scan.invoke(scanner, "id 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");

        assertThat(kinds(found, "crypto")).contains("BITCOIN", "ETHEREUM", "TRON");
        assertThat(kinds(broken, "crypto")).isEmpty();
    }

    private static String verdict(Object comparison) throws Exception {
        return comparison.getClass().getMethod("verdict").invoke(comparison).toString();
    }

    private static Set<String> kinds(Object findings, String accessor) throws Exception {
        Set<?> set = (Set<?>) findings.getClass().getMethod(accessor).invoke(findings);
        return set.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
    }
}
