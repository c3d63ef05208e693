package io.logintelemetry.config;

/** A configuration key has a value we cannot use; the message names the key and the reason. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
    }

    /** The full name of the offending key, e.g. {@code logintelemetry.detector.ip.churn.min-networks}. */
    public String key() {
        return key;
    }
}
