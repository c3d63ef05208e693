package io.logintelemetry.redis;

import io.lettuce.core.RedisURI;
import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKey;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.KeyStores;
import io.logintelemetry.config.LoginTelemetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Redis settings of one engine, checked at start-up: a bad one is a {@link ConfigException}
 * naming its key, and no message here ever holds a password.
 *
 * @param uris      one URI (standalone, TLS or Sentinel), or several for Redis Cluster
 * @param cluster   whether {@code uris} name the seed nodes of a Redis Cluster
 * @param trust     the configured trust store for TLS, or {@code null} for the JDK's
 * @param keys      the configured client certificate for TLS, or {@code null} for none
 */
record RedisSettings(List<RedisURI> uris, boolean cluster, String prefix, int queueCapacity, Duration timeout,
                     TrustManagerFactory trust, KeyManagerFactory keys) {

    static RedisSettings from(LoginTelemetryConfig config) {
        String key = ConfigKeys.STATE_REDIS_URI.name();
        String text = config.get(ConfigKeys.STATE_REDIS_URI).trim();
        if (text.isEmpty()) {
            throw new ConfigException(key, "is required with " + ConfigKeys.STATE_STORE.name() + "=redis");
        }
        // A comma also separates Sentinel hosts inside one URI: only a comma before a scheme starts another URI.
        List<String> parts = List.of(text.split(",\\s*(?=[A-Za-z-]+://)"));
        List<RedisURI> uris = new ArrayList<>();
        for (String raw : parts) {
            String part = raw.trim();
            String scheme = part.contains("://") ? part.substring(0, part.indexOf("://")).toLowerCase(Locale.ROOT) : "";
            if (!List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel").contains(scheme)) {
                throw new ConfigException(key, "'" + redact(part) + "' is not a redis://, rediss:// or redis-sentinel:// URI");
            }
            if (parts.size() > 1 && scheme.contains("sentinel")) {
                throw new ConfigException(key, "a comma list is for Redis Cluster nodes; give Sentinel as one URI");
            }
            RedisURI uri;
            try {
                uri = RedisURI.create(part);
            } catch (RuntimeException e) {
                throw new ConfigException(key, "'" + redact(part) + "' is not a usable Redis URI");
            }
            if (!scheme.contains("sentinel") && (uri.getHost() == null || uri.getHost().isBlank())) {
                throw new ConfigException(key, "'" + redact(part) + "' names no host");
            }
            String password = config.get(ConfigKeys.STATE_REDIS_PASSWORD);
            if (!password.isEmpty()) {
                String user = config.get(ConfigKeys.STATE_REDIS_USER);
                if (user.isBlank()) {
                    uri.setAuthentication(password);
                } else {
                    uri.setAuthentication(user, password);
                }
            }
            Duration timeout = config.get(ConfigKeys.STATE_REDIS_TIMEOUT);
            uri.setTimeout(timeout);
            uris.add(uri);
        }
        Duration timeout = config.get(ConfigKeys.STATE_REDIS_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigException(ConfigKeys.STATE_REDIS_TIMEOUT.name(), "must be positive");
        }
        String prefix = config.get(ConfigKeys.STATE_REDIS_KEY_PREFIX);
        if (prefix.chars().anyMatch(c -> c < 0x21 || c == '{' || c == '}' || c > 0x7e)) {
            throw new ConfigException(ConfigKeys.STATE_REDIS_KEY_PREFIX.name(),
                    "use printable ASCII without spaces or braces (braces are Redis Cluster hash tags)");
        }
        return new RedisSettings(List.copyOf(uris), uris.size() > 1, prefix,
                config.get(ConfigKeys.STATE_REDIS_QUEUE_CAPACITY), timeout,
                tlsStore(config, uris, ConfigKeys.STATE_REDIS_TLS_TRUST_STORE, ConfigKeys.STATE_REDIS_TLS_TRUST_STORE_PASSWORD,
                        ConfigKeys.STATE_REDIS_TLS_TRUST_STORE_TYPE, KeyStores::trust),
                tlsStore(config, uris, ConfigKeys.STATE_REDIS_TLS_KEY_STORE, ConfigKeys.STATE_REDIS_TLS_KEY_STORE_PASSWORD,
                        ConfigKeys.STATE_REDIS_TLS_KEY_STORE_TYPE, KeyStores::keys));
    }

    /** The same settings with another key prefix. */
    RedisSettings withPrefix(String otherPrefix) {
        return new RedisSettings(uris, cluster, otherPrefix, queueCapacity, timeout, trust, keys);
    }

    /**
     * An engine instance's name (a context path such as {@code /shop}, or {@code ROOT} for the root)
     * as a part of a key: without the leading slash, and every character but letters, digits, '.',
     * '_' and '-' percent-encoded (UTF-8), so that no two context paths give one part (the root and
     * a context path {@code /ROOT} do, as on disk in Tomcat) and none ends a hash tag early.
     */
    static String keySpace(String instance) {
        String name = instance.startsWith("/") ? instance.substring(1) : instance;
        if (name.isEmpty()) {
            name = "ROOT";
        }
        StringBuilder b = new StringBuilder(name.length());
        for (byte c : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    /** How a store is loaded: {@link KeyStores#trust} or {@link KeyStores#keys}. */
    @FunctionalInterface
    private interface StoreLoader<T> {
        T load(String path, char[] password, String type, String key);
    }

    /**
     * A trust or key store, loaded now so that a wrong path, type or password stops the start
     * naming its key; null when none is configured.
     */
    private static <T> T tlsStore(LoginTelemetryConfig config, List<RedisURI> uris, ConfigKey<String> pathKey,
                                  ConfigKey<String> passwordKey, ConfigKey<String> typeKey, StoreLoader<T> loader) {
        String path = config.get(pathKey).trim();
        if (path.isEmpty()) {
            return null;
        }
        // Set with a plain redis:// URI, it would look like TLS was on while everything went in clear.
        if (uris.stream().noneMatch(RedisURI::isSsl)) {
            throw new ConfigException(pathKey.name(), "is for TLS, but " + ConfigKeys.STATE_REDIS_URI.name()
                    + " names no rediss:// or rediss-sentinel:// server");
        }
        String type = config.get(typeKey).trim();
        if (type.isEmpty()) {
            throw new ConfigException(typeKey.name(), "use PKCS12 or JKS");
        }
        try {
            java.security.KeyStore.getInstance(type);
        } catch (java.security.KeyStoreException e) {
            throw new ConfigException(typeKey.name(), "'" + type + "' is not a key store type this JVM knows (use PKCS12 or JKS)");
        }
        return loader.load(path, config.get(passwordKey).toCharArray(), type, pathKey.name());
    }

    /** The servers for a log line: hosts and ports only, never a password. */
    String describe() {
        return (cluster ? "cluster " : "") + uris.stream().map(RedisSettings::hostOnly).collect(Collectors.joining(","));
    }

    private static String hostOnly(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            return "sentinel " + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                    .collect(Collectors.joining(",")) + " master " + uri.getSentinelMasterId();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    /** A URI as typed, with any user-info (password) cut out, for an error message. */
    static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
        }
        return uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
    }
}
