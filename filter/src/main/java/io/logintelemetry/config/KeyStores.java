package io.logintelemetry.config;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust stores named by configuration, loaded at start-up so that a wrong path, type or
 * password is a {@link ConfigException} naming the key instead of a failure at the first TLS
 * connection. Shared by the modules that open TLS connections (exporters, the Redis store).
 * Passwords never appear in a message.
 */
public final class KeyStores {

    private KeyStores() {
    }

    /**
     * @param path     the store's file
     * @param password its password, empty for none
     * @param type     a {@link KeyStore} type, e.g. PKCS12 or JKS
     * @param key      the config key naming the store, for errors
     */
    public static KeyStore load(String path, char[] password, String type, String key) {
        Path file = Path.of(path);
        if (!Files.isReadable(file)) {
            throw new ConfigException(key, "cannot read " + path);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, "'" + type + "' is not a key store type this JVM knows (use PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.length == 0 ? null : password);
            return store;
        } catch (Exception e) {
            // Not the exception's message: some providers echo details we do not want in logs.
            throw new ConfigException(key, path + " is not a readable " + type + " store with the configured password");
        }
    }

    /**
     * The private key and certificate chain in the store at {@code path}, for a TLS client
     * certificate; the key's password is the store's.
     */
    public static KeyManagerFactory keys(String path, char[] password, String type, String key) {
        KeyStore store = load(path, password, type, key);
        try {
            // A trust store named here by mistake would load, then fail every handshake much later.
            if (java.util.Collections.list(store.aliases()).stream().noneMatch(alias -> isKeyEntry(store, alias))) {
                throw new ConfigException(key, path + " holds no private key (is it a trust store?)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, "the key in " + path + " cannot be read with the configured password");
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }

    /** Trust in the certificates of the store at {@code path} (and no others). */
    public static TrustManagerFactory trust(String path, char[] password, String type, String key) {
        KeyStore store = load(path, password, type, key);
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, "TLS set-up failed: " + e.getClass().getSimpleName());
        }
    }
}
