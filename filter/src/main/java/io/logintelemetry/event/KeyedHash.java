package io.logintelemetry.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, shared by many threads: the keyed hashes of sensitive values, the
 * pseudonyms of exports and the signatures of webhook requests all come from here.
 *
 * <p>A {@link Mac} is neither thread-safe nor cheap to make, so each thread keeps its own.
 */
public final class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param key the secret; copied
     * @throws IllegalArgumentException if {@code key} is empty
     */
    public KeyedHash(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an HMAC key must not be empty");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fails here, at start-up, rather than on the first event
    }

    /** The HMAC of the UTF-8 bytes of {@code value}. */
    public byte[] digest(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The HMAC of {@code prefix} followed by {@code body}, without joining them first. */
    public byte[] digest(byte[] prefix, byte[] body) {
        Mac mac = macs.get();
        mac.update(prefix);
        return mac.doFinal(body);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every JVM", e);
        }
    }
}
