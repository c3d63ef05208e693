package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.text.ContactKind;
import io.logintelemetry.text.MessageFindings;
import java.util.List;
import java.util.Set;

/**
 * {@code message.off_platform}: a message proposing to take the work off the platform, with an
 * e-mail address, a phone number, a chat app id or wording inviting a direct deal (Japanese and
 * English; {@link io.logintelemetry.text.MessageScanner}). The operator's own addresses
 * ({@code detector.message.off_platform.allow}) never count. One step higher when a contact handle
 * comes with the invitation.
 */
public final class MessageOffPlatform implements Detector.OfMessage {

    private final Severity severity;

    public MessageOffPlatform(LoginTelemetryConfig config) {
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.MESSAGE_OFF_PLATFORM;
    }

    @Override
    public void evaluate(Event event, MessageFindings findings, Set<String> nearDuplicates, List<Finding> out) {
        Set<ContactKind> kinds = findings.contacts();
        if (kinds.isEmpty()) {
            return;
        }
        boolean handleAndInvitation = kinds.contains(ContactKind.DIRECT_DEAL_WORDING) && kinds.size() > 1;
        MessageSignals.add(signal(), event, handleAndInvitation ? severity.raised() : severity, kinds,
                "message proposes contact off the platform: " + MessageSignals.words(kinds)
                        + (event.detail("to") == null ? "" : " (to " + event.detail("to") + ")"),
                Evidence.builder(), out);
    }
}
