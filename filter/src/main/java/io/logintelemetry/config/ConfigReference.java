package io.logintelemetry.config;

/**
 * Prints the configuration reference of the README from {@link ConfigKeys}, so the docs are made
 * from the code: {@code java -cp filter/target/classes io.logintelemetry.config.ConfigReference}.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static void main(String[] args) {
        System.out.print(markdownTable());
    }

    /** One row per key: name, type, default, meaning. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigKey<?> key : ConfigKeys.all()) {
            b.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
                    .append(key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`").append(" | ")
                    .append(key.description().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
