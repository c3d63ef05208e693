package io.logintelemetry.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its full name, type, default and meaning. Every key the product reads is
 * declared once in {@link ConfigKeys}; the README's reference is checked against that list.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {

    private final String name;
    private final String type;
    private final String defaultValue;
    private final String description;
    private final Function<String, T> parser;

    ConfigKey(String name, String type, String defaultValue, String description, Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
    }

    /** The full name, e.g. {@code logintelemetry.proxy.trusted}. */
    public String name() {
        return name;
    }

    /** The environment variable that sets it: upper case, dots and hyphens as underscores. */
    public String environmentName() {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A word for the docs: duration, integer, boolean, string, list, CIDR list... */
    public String type() {
        return type;
    }

    /** The default in the same text form a user would write. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /**
     * Parses a value.
     *
     * @throws ConfigException naming this key and why the value was refused
     */
    T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // A secret's value is never repeated, not even a wrong one.
            throw new ConfigException(name, ("secret".equals(type) ? "the value" : "'" + printable(text) + "'") + " is not a valid " + type
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return name;
    }
}
