package io.logintelemetry.detect;

import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.AccountSet;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.KeyAccounts;
import io.logintelemetry.state.LinkGraph;
import io.logintelemetry.state.MarketState;
import io.logintelemetry.state.RateSample;
import io.logintelemetry.state.SessionState;
import io.logintelemetry.text.MessageFindings;
import java.util.Set;
import java.util.List;

/**
 * A detector: one class per signal, named after it. It reads the state the engine has just updated
 * with an event and adds {@link Finding}s; it never writes state, logs, or calls sinks. Each kind of
 * state has its own sub-interface, so the engine can hand each detector exactly the state it reads,
 * under that state's lock.
 *
 * <p>Detectors run on the request thread: they must be CPU-only and bounded. An exception from a
 * detector is counted and logged by the engine, and the request goes on.
 */
public sealed interface Detector permits Detector.OfAccount, Detector.OfIp, Detector.OfDevice, Detector.OfSession,
        Detector.OfMarket, Detector.OfIdentifier, Detector.OfReview, Detector.OfGroup, Detector.OfOffer,
        Detector.OfMessage {

    /** The signal this detector raises. */
    Signal signal();

    /** Reads an account's own state: activity, login networks. Runs for every event with an account. */
    non-sealed interface OfAccount extends Detector {
        void evaluate(Event event, AccountState account, List<Finding> out);
    }

    /** Reads the accounts seen on the event's IP address. Runs for logins and requests with an IP. */
    non-sealed interface OfIp extends Detector {
        void evaluate(Event event, AccountSet accountsOnIp, IpInfo ipInfo, List<Finding> out);

        /**
         * Whether this detector must also run on addresses that only the event's own account has
         * been seen on. The default is yes. A detector that counts accounts per address and needs at
         * least two answers no: while every address detector of the engine answers no (decided once,
         * when the engine is built), the engine keeps IPv4 addresses seen by one account without a
         * set and does not call the address detectors for their events (one memory read less per
         * event, see {@code StateStore.ipOf}). They are called as before, with the set, for every
         * event of an address once a second account has been seen on it, and for IPv6 addresses;
         * a detector answering no must not rely on being called for every event.
         */
        default boolean runsOnAddressesOfOneAccount() {
            return true;
        }
    }

    /** Reads the accounts seen on the event's device id. Runs for logins and requests with a device. */
    non-sealed interface OfDevice extends Detector {
        void evaluate(Event event, AccountSet accountsOnDevice, List<Finding> out);
    }

    /** Reads the event's session. Runs for logins and requests with a session id. */
    non-sealed interface OfSession extends Detector {
        void evaluate(Event event, SessionState session, List<Finding> out);
    }

    /**
     * Reads an account's marketplace state ({@link MarketState}). Runs for {@code profile},
     * {@code profile_change} and {@code payout_account} events with marketplace events enabled, and
     * for the activity of accounts whose declared country has a known time zone.
     */
    non-sealed interface OfMarket extends Detector {
        void evaluate(Event event, MarketState market, List<Finding> out);
    }

    /**
     * Reads the accounts behind one keyed-hashed identifier. Runs when an {@code identity_document}
     * or {@code payout_account} event brings an account new to that identifier.
     *
     * @param kind {@link LinkGraph.Kind#DOCUMENT} or {@link LinkGraph.Kind#PAYOUT}
     * @param hash the identifier's keyed hash
     */
    non-sealed interface OfIdentifier extends Detector {
        void evaluate(Event event, LinkGraph.Kind kind, String hash, KeyAccounts accounts, List<Finding> out);
    }

    /**
     * Reads what is known of a reviewer and the reviewed account. Runs for {@code review} events.
     *
     * @param reviewer the reviewer's marketplace state, the review already recorded
     * @param subject  the reviewed account's marketplace state, or null if it has none
     * @param links    the link graph
     */
    non-sealed interface OfReview extends Detector {
        void evaluate(Event event, MarketState reviewer, MarketState subject, LinkGraph links, List<Finding> out);

        /**
         * Whether this detector also runs when a new link joins two accounts after one reviewed the
         * other. {@code event} is then the event that made the link (its account may be either side)
         * and {@code subject} is never null. False for detectors about review events themselves.
         */
        default boolean rechecksOnNewLinks() {
            return false;
        }
    }

    /** Reads the linked group of the event's account. Runs when an event added a link to it. */
    non-sealed interface OfGroup extends Detector {
        void evaluate(Event event, LinkGraph.Group group, List<Finding> out);
    }

    /**
     * Reads the rate estimate of an offer's category and currency, before the offer is added to it.
     * Runs for {@code offer} events with a usable rate.
     */
    non-sealed interface OfOffer extends Detector {
        void evaluate(Event event, double rate, RateSample market, List<Finding> out);
    }

    /**
     * Reads what was found in a {@code message} event's text; the text itself is never kept. Runs
     * for every message with a text, with marketplace events enabled.
     *
     * @param findings       the contact and crypto kinds the text holds (empty when no detector
     *                       that reads them is enabled)
     * @param nearDuplicates the other accounts that sent a near-duplicate text within the
     *                       template-reuse window (empty when that detector is off)
     */
    non-sealed interface OfMessage extends Detector {
        void evaluate(Event event, MessageFindings findings, Set<String> nearDuplicates, List<Finding> out);
    }
}
