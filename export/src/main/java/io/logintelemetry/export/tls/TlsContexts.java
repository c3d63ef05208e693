package io.logintelemetry.export.tls;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.KeyStores;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of the exporters: the JDK's trust store unless one is configured, and a client
 * certificate when a key store is configured. Built once at start-up, so a wrong path or password
 * is an error naming the key, not a failure at the first delivery. Passwords are never in messages.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * @param trustStore         path, or empty for the JDK's trust store
     * @param trustStoreKey      the config key naming it, for errors
     * @param keyStore           path, or empty for no client certificate
     * @param keyStoreKey        the config key naming it, for errors
     */
    public static SSLContext create(String trustStore, char[] trustPassword, String trustStoreKey,
                                    String keyStore, char[] keyPassword, String keyStoreKey) {
        try {
            TrustManager[] trust = null;
            if (!trustStore.isEmpty()) {
                trust = KeyStores.trust(trustStore, trustPassword, type(trustStore), trustStoreKey).getTrustManagers();
            }
            KeyManager[] keys = null;
            if (!keyStore.isEmpty()) {
                keys = KeyStores.keys(keyStore, keyPassword, type(keyStore), keyStoreKey).getKeyManagers();
            }
            if (trust == null && keys == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new ConfigException(trustStoreKey, "TLS set-up failed: " + e.getClass().getSimpleName());
        }
    }

    private static String type(String path) {
        return path.endsWith(".jks") ? "JKS" : "PKCS12";
    }
}
