package io.logintelemetry.text;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a {@link MessageScanner} found in one message: only kinds, never the matched text, so that
 * findings can be kept and exported without keeping the message.
 */
public final class MessageFindings {

    static final MessageFindings NONE = new MessageFindings(
            EnumSet.noneOf(ContactKind.class), EnumSet.noneOf(CryptoKind.class), EnumSet.noneOf(CryptoKind.class));

    private final Set<ContactKind> contacts;
    private final Set<CryptoKind> crypto;
    private final Set<CryptoKind> withoutChecksum;

    MessageFindings(EnumSet<ContactKind> contacts, EnumSet<CryptoKind> crypto, EnumSet<CryptoKind> withoutChecksum) {
        this.contacts = Collections.unmodifiableSet(EnumSet.copyOf(contacts));
        this.crypto = Collections.unmodifiableSet(EnumSet.copyOf(crypto));
        this.withoutChecksum = Collections.unmodifiableSet(EnumSet.copyOf(withoutChecksum));
    }

    /** The kinds of off-platform contact found; empty when none. */
    public Set<ContactKind> contacts() {
        return contacts;
    }

    /** The kinds of crypto payment hints found; empty when none. */
    public Set<CryptoKind> crypto() {
        return crypto;
    }

    /**
     * Wallet kinds found only as addresses whose format is valid but that carry no checksum (an
     * all-lowercase or all-uppercase Ethereum address): weaker evidence than a verified checksum,
     * worth saying in a flag. A subset of {@link #crypto()}.
     */
    public Set<CryptoKind> withoutChecksum() {
        return withoutChecksum;
    }

    /** True when nothing was found. */
    public boolean isEmpty() {
        return contacts.isEmpty() && crypto.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageFindings f && f.contacts.equals(contacts) && f.crypto.equals(crypto)
                && f.withoutChecksum.equals(withoutChecksum);
    }

    @Override
    public int hashCode() {
        return contacts.hashCode() * 31 + crypto.hashCode();
    }

    @Override
    public String toString() {
        return "MessageFindings{contacts=" + contacts + ", crypto=" + crypto + ", withoutChecksum=" + withoutChecksum + "}";
    }
}
