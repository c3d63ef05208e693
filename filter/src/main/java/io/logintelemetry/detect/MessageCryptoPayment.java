package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.text.CryptoKind;
import io.logintelemetry.text.MessageFindings;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code message.crypto_payment}: a message proposing payment in crypto assets: a wallet address
 * that passes its checksum (Bitcoin base58 and bech32, Ethereum EIP-55, Tron) or crypto payment
 * wording. Wording alone is one step lower than the configured severity (people talk about
 * bitcoin); a checksummed address is the configured one; an address with wording one step higher.
 */
public final class MessageCryptoPayment implements Detector.OfMessage {

    private final Severity severity;

    public MessageCryptoPayment(LoginTelemetryConfig config) {
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.MESSAGE_CRYPTO_PAYMENT;
    }

    @Override
    public void evaluate(Event event, MessageFindings findings, Set<String> nearDuplicates, List<Finding> out) {
        Set<CryptoKind> kinds = findings.crypto();
        if (kinds.isEmpty()) {
            return;
        }
        Set<CryptoKind> addresses = EnumSet.copyOf(kinds);
        addresses.remove(CryptoKind.CRYPTO_WORDING);
        boolean wording = kinds.contains(CryptoKind.CRYPTO_WORDING);
        Severity s = addresses.isEmpty() ? lower(severity) : wording ? severity.raised() : severity;
        String what = addresses.isEmpty() ? "crypto payment wording"
                : MessageSignals.words(addresses) + " wallet address" + (addresses.size() > 1 ? "es" : "")
                + (wording ? " and crypto payment wording" : "");
        Evidence.Builder extra = Evidence.builder();
        if (!findings.withoutChecksum().isEmpty()) {
            extra.list("addresses_without_checksum", MessageSignals.wireNames(findings.withoutChecksum()));
        }
        MessageSignals.add(signal(), event, s, kinds, "message proposes payment in crypto assets: " + what
                + (event.detail("to") == null ? "" : " (to " + event.detail("to") + ")"), extra, out);
    }

    private static Severity lower(Severity s) {
        return s.ordinal() == 0 ? s : Severity.values()[s.ordinal() - 1];
    }
}
