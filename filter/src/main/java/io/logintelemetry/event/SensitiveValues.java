package io.logintelemetry.event;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the sensitive values of marketplace events (identity document numbers, payout references,
 * changed profile values) into keyed hashes before anything stores them (EVENTS.md, issue 7).
 *
 * <p>A value is first normalised, so that the spellings of one number meet: Unicode NFKC (full-width
 * digits become ASCII), lower case, and every character that is not a letter or a digit (spaces,
 * hyphens, dots, slashes) removed. It is then hashed with HMAC-SHA256 under the configured secret
 * ({@code logintelemetry.hash.secret}). A keyed hash, unlike a plain one, cannot be reversed by
 * hashing every possible document number: without the secret the stored values say nothing.
 * The first 128 bits are kept (base64url, 22 characters) with the prefix {@value #PREFIX}; two
 * distinct numbers colliding in 128 bits is not a practical concern.
 */
public final class SensitiveValues {

    /** Prefix of every keyed hash, so that one is recognised as such in state, evidence and exports. */
    public static final String PREFIX = "k:";
    private static final int MIN_SECRET_LENGTH = 16;
    private static final int KEPT_BYTES = 16;

    private final KeyedHash hmac;

    private SensitiveValues(byte[] secret) {
        this.hmac = new KeyedHash(secret);
    }

    /**
     * The hasher of {@code config}, or null when marketplace events are off (nothing then needs it).
     *
     * @throws ConfigException naming {@code logintelemetry.hash.secret} when marketplace events are
     *                         enabled and the secret is missing or too short
     */
    public static SensitiveValues from(LoginTelemetryConfig config) {
        if (!config.get(ConfigKeys.MARKETPLACE_ENABLED)) {
            return null;
        }
        String secret = config.get(ConfigKeys.HASH_SECRET);
        if (secret.isBlank()) {
            throw new ConfigException(ConfigKeys.HASH_SECRET.name(), "is required when "
                    + ConfigKeys.MARKETPLACE_ENABLED.name() + "=true: document numbers and payout references are"
                    + " stored only as keyed hashes (set a random secret of at least " + MIN_SECRET_LENGTH
                    + " characters, the same on every node)");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new ConfigException(ConfigKeys.HASH_SECRET.name(), "is too short (" + secret.length()
                    + " characters; at least " + MIN_SECRET_LENGTH + ")");
        }
        return new SensitiveValues(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** For tests and tools: a hasher with {@code secret}. */
    public static SensitiveValues withSecret(String secret) {
        return new SensitiveValues(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * EVENTS.md normalisation of an identifier: NFKC, lower case, separators removed. Empty when
     * nothing but separators remains.
     */
    public static String normalise(String value) {
        String nfkc = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(nfkc.length());
        nfkc.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }

    /** The keyed hash of the normalised {@code value}, or null for null or a value with no letter or digit. */
    public String hash(String value) {
        if (value == null) {
            return null;
        }
        String normalised = normalise(value);
        if (normalised.isEmpty()) {
            return null;
        }
        byte[] mac = hmac.digest(normalised);
        byte[] kept = new byte[KEPT_BYTES];
        System.arraycopy(mac, 0, kept, 0, KEPT_BYTES);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(kept);
    }

    /**
     * The event with its sensitive fields replaced by their keyed hashes: {@code document}
     * ({@code identity_document}), {@code payout_ref} ({@code payout_account}) and {@code value}
     * ({@code profile_change}). Other events are returned as they are. Message texts stay in the
     * event, which lives only while the engine handles it: detectors keep what they need of a text
     * (pattern kinds, a MinHash signature), never the text.
     */
    public Event protect(Event event) {
        String field = switch (event.type()) {
            case IDENTITY_DOCUMENT -> "document";
            case PAYOUT_ACCOUNT -> "payout_ref";
            case PROFILE_CHANGE -> "value";
            default -> null;
        };
        if (field == null || event.detail(field) == null) {
            return event;
        }
        Event.Builder b = Event.builder(event.type(), event.timestamp())
                .account(event.account())
                .ip(event.ip())
                .session(event.session())
                .device(event.device())
                .userAgent(event.userAgent());
        event.details().forEach((name, value) -> b.detail(name, name.equals(field) ? hash(value) : value));
        return b.build();
    }
}
