package io.logintelemetry.state;

import io.logintelemetry.event.KeyedHash;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Keyed 64-bit hashes of account ids ({@link AccountState#tag()}). An address seen by one account
 * only keeps its account's tag next to its key, so the common event compares two numbers instead of
 * reading the address's set. Account ids come from outside (anyone can register accounts), so the
 * tag is an HMAC under a key drawn when the JVM starts: ids cannot be chosen to collide with another
 * account's, which would hide the second account from {@code ip.fanout}. One HMAC per account made,
 * not per event.
 */
final class AccountTags {

    private static final KeyedHash HMAC;

    static {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        HMAC = new KeyedHash(key);
    }

    private AccountTags() {
    }

    /** The tag of {@code id}: never 0, which marks an address of several accounts. */
    static long of(String id) {
        long tag = ByteBuffer.wrap(HMAC.digest(id)).getLong();
        return tag == 0 ? 1 : tag;
    }
}
