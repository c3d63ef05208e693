package io.logintelemetry.flag;

import java.util.Optional;

/**
 * Every signal of SIGNALS.md, by its stable id. Signals whose detectors arrive with later modules
 * (IP intelligence, marketplace events) are listed too, so configuration, scoring and outputs know
 * them from the start.
 */
public enum Signal {
    SESSION_LONG("session.long"),
    ACTIVITY_CUMULATIVE("activity.cumulative"),
    ACTIVITY_ROUND_THE_CLOCK("activity.round_the_clock"),
    IP_CHURN("ip.churn"),
    IP_FANOUT("ip.fanout"),
    NET_ANONYMIZER("net.anonymizer"),
    GEO_COUNTRY("geo.country"),
    GEO_IMPOSSIBLE_TRAVEL("geo.impossible_travel"),
    DEVICE_FANOUT("device.fanout"),
    SESSION_CONTEXT_CHANGE("session.context_change"),
    ACTIVITY_OFF_HOURS("activity.off_hours"),
    IDENTITY_SHARED_DOCUMENT("identity.shared_document"),
    PAYOUT_NAME_MISMATCH("payout.name_mismatch"),
    PROFILE_CHURN("profile.churn"),
    IDENTIFIER_SHARED_PAYOUT("identifier.shared_payout"),
    REVIEW_COLLUSION("review.collusion"),
    REVIEW_BURST("review.burst"),
    CLUSTER_LINKED_ACCOUNTS("cluster.linked_accounts"),
    MESSAGE_OFF_PLATFORM("message.off_platform"),
    MESSAGE_CRYPTO_PAYMENT("message.crypto_payment"),
    MESSAGE_TEMPLATE_REUSE("message.template_reuse"),
    OFFER_BELOW_MARKET("offer.below_market");

    private final String id;

    Signal(String id) {
        this.id = id;
    }

    /** The stable id, as in SIGNALS.md and every output. */
    public String id() {
        return id;
    }

    public static Optional<Signal> fromId(String id) {
        for (Signal s : values()) {
            if (s.id.equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
