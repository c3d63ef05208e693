package io.logintelemetry.engine;

import io.logintelemetry.action.Action;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.DetectorSettings;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.detect.Finding;
import io.logintelemetry.detect.UserAgentFamily;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.event.SensitiveValues;
import io.logintelemetry.detect.ActivityOffHours;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.state.AccountSet;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.EngineAccess;
import io.logintelemetry.state.IpLogins;
import io.logintelemetry.state.KeyAccounts;
import io.logintelemetry.state.LinkGraph;
import io.logintelemetry.state.MarketState;
import io.logintelemetry.state.MarketplaceStore;
import io.logintelemetry.state.RateSample;
import io.logintelemetry.state.SessionState;
import io.logintelemetry.state.StateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The detection engine: one {@link #accept(Event)} per event, for the live filter, the agent and the
 * offline scan alike. It updates state, runs the detectors on what changed, keeps only the findings
 * that are news, scores the account, sets the inline action, and hands flags to the sinks.
 *
 * <p>Everything here is CPU work on bounded state; it never does I/O and never depends on the wall
 * clock, only on event time, so a replay gives the same flags. It is thread-safe: each piece of
 * state is locked on its own while it is updated and read by its detectors, and no two locks are
 * ever held at once.
 */
public final class Engine implements AutoCloseable {

    private static final RateLimitedLog DETECTOR_ERRORS = new RateLimitedLog(Logs.get("io.logintelemetry"), 60_000);

    /**
     * Each thread's findings list, reused: findings are rare and become flags in {@link #admit}, so
     * allocating a list per event was pure garbage. Marked busy while in use, so a sink that re-enters
     * {@link #accept} on the same thread gets a fresh list instead of clobbering this one. A flag
     * rather than taking the list out and putting it back: that stored a reference into an old object
     * per event, which under G1 costs a card-table check with a fence.
     */
    private static final ThreadLocal<SpareFindings> SPARE_FINDINGS = ThreadLocal.withInitial(SpareFindings::new);

    private static final class SpareFindings {
        final ArrayList<Finding> list = new ArrayList<>(4);
        boolean busy;
    }

    private final LoginTelemetryConfig config;
    private final StateStore state;
    private final IpIntelligence intelligence;
    private final List<FlagSink> sinks;
    private final String node;
    private final EngineMetrics metrics;
    private final List<Detector.OfAccount> accountDetectors = new ArrayList<>();
    private final List<Detector.OfIp> ipDetectors = new ArrayList<>();
    private final List<Detector.OfDevice> deviceDetectors = new ArrayList<>();
    private final List<Detector.OfSession> sessionDetectors = new ArrayList<>();
    private final List<Detector.OfMarket> marketDetectors = new ArrayList<>();
    private final List<Detector.OfIdentifier> identifierDetectors = new ArrayList<>();
    private final List<Detector.OfReview> reviewDetectors = new ArrayList<>();
    /** The review detectors that run again when a link joins two accounts with a review between them. */
    private final List<Detector.OfReview> reviewRechecks = new ArrayList<>();
    private final List<Detector.OfGroup> groupDetectors = new ArrayList<>();
    private final List<Detector.OfOffer> offerDetectors = new ArrayList<>();
    private final List<Detector.OfMessage> messageDetectors = new ArrayList<>();
    /** Scans message texts when a detector reads what they hold; else null. */
    private final io.logintelemetry.text.MessageScanner scanner;
    private final io.logintelemetry.text.MessageFindings noFindings;
    /** Signs message texts when template reuse is looked for; else null. */
    private final io.logintelemetry.text.MinHash minHash;
    /** The marketplace state (the store's, or our own in memory). */
    private final MarketplaceStore market;
    /** Keyed hashing of sensitive values; null while marketplace events are off. */
    private final SensitiveValues sensitive;
    /** Whether marketplace events are taken in ({@code logintelemetry.marketplace.enabled}). */
    private final boolean marketEvents;
    /** Whether the link graph is built: marketplace events on and a detector that reads it. */
    private final boolean linking;
    /** The off-hours detector when enabled: it knows the zones and records activity. */
    private final ActivityOffHours offHours;
    private final int ipLinkMaxAccounts;
    private final int ipLinkMinDays;
    private final Map<Signal, DetectorSettings> settings = new EnumMap<>(Signal.class);
    private final long maxGap;
    private final long actionDuration;
    private final long scoreWindow;
    private final long churnWindow;
    /** Whether no address detector runs on addresses seen by one account only (see {@link #addressSet}). */
    private final boolean addressesOfOneAccountSkipped;
    /** Whether the store lets accounts keep their last session between events (see StateStore). */
    private final boolean rememberSessions;
    /** The same for the accounts on the event's address. */
    private final boolean rememberIpSets;
    /** How long a remembered session or address set is used before the store is asked again (event time). */
    private final long recheckAfter;
    private final int mediumAt;
    private final int highAt;

    Engine(EngineBuilder b) {
        this.config = b.config;
        this.state = b.state;
        this.intelligence = io.logintelemetry.intel.ConfiguredRanges.over(b.intelligence, b.config);
        this.sinks = List.copyOf(b.state.routeFlags(List.copyOf(b.sinks)));
        this.node = b.node;
        this.metrics = b.metrics;
        for (Detector d : b.detectors) {
            if (d instanceof Detector.OfAccount a) {
                accountDetectors.add(a);
            } else if (d instanceof Detector.OfIp i) {
                ipDetectors.add(i);
            } else if (d instanceof Detector.OfDevice v) {
                deviceDetectors.add(v);
            } else if (d instanceof Detector.OfSession s) {
                sessionDetectors.add(s);
            } else if (d instanceof Detector.OfMarket m) {
                marketDetectors.add(m);
            } else if (d instanceof Detector.OfIdentifier i) {
                identifierDetectors.add(i);
            } else if (d instanceof Detector.OfReview r) {
                reviewDetectors.add(r);
                if (r.rechecksOnNewLinks()) {
                    reviewRechecks.add(r);
                }
            } else if (d instanceof Detector.OfGroup g) {
                groupDetectors.add(g);
            } else if (d instanceof Detector.OfOffer o) {
                offerDetectors.add(o);
            } else if (d instanceof Detector.OfMessage m) {
                messageDetectors.add(m);
            }
        }
        this.offHours = (ActivityOffHours) b.detectors.stream().filter(d -> d instanceof ActivityOffHours)
                .findFirst().orElse(null);
        boolean scans = messageDetectors.stream().anyMatch(d -> d.signal() == Signal.MESSAGE_OFF_PLATFORM
                || d.signal() == Signal.MESSAGE_CRYPTO_PAYMENT);
        this.scanner = scans ? io.logintelemetry.text.MessageScanner.builder().allow(config.get(ConfigKeys.MESSAGE_ALLOW)).build()
                : null;
        this.noFindings = io.logintelemetry.text.MessageScanner.create().scan(null);
        this.minHash = messageDetectors.stream().anyMatch(d -> d.signal() == Signal.MESSAGE_TEMPLATE_REUSE)
                ? new io.logintelemetry.text.MinHash() : null;
        this.market = state.marketplace() != null ? state.marketplace() : new MarketplaceStore(config, state.clock());
        this.sensitive = SensitiveValues.from(config);
        this.marketEvents = sensitive != null;
        this.linking = marketEvents && (!groupDetectors.isEmpty() || !reviewDetectors.isEmpty());
        this.ipLinkMaxAccounts = config.get(ConfigKeys.LINKED_IP_MAX_ACCOUNTS);
        this.ipLinkMinDays = config.get(ConfigKeys.LINKED_IP_MIN_DAYS);
        for (Signal s : Signal.values()) {
            DetectorSettings ds = config.detector(s);
            settings.put(s, ds != null ? ds : new DetectorSettings(true, io.logintelemetry.flag.Severity.LOW, Action.LOG, 0));
        }
        this.maxGap = config.get(ConfigKeys.ACTIVITY_MAX_GAP).toMillis();
        this.actionDuration = config.get(ConfigKeys.ACTION_DURATION).toMillis();
        this.scoreWindow = config.get(ConfigKeys.SCORE_WINDOW).toMillis();
        this.churnWindow = config.get(ConfigKeys.IP_CHURN_WINDOW).toMillis();
        this.rememberSessions = state.retiresDroppedSessions();
        this.addressesOfOneAccountSkipped = ipDetectors.stream().noneMatch(Detector.OfIp::runsOnAddressesOfOneAccount);
        this.rememberIpSets = state.retiresDroppedSets();
        this.recheckAfter = state.recheckAfterMillis();
        this.mediumAt = config.get(ConfigKeys.SCORE_MEDIUM);
        this.highAt = config.get(ConfigKeys.SCORE_HIGH);
        metrics.cacheSizes(() -> {
            Map<String, Long> sizes = new java.util.LinkedHashMap<>(state.sizes());
            sizes.putAll(market.sizes());
            return sizes;
        });
        // Last: a shared store's worker may call back from now on.
        state.attach(new Access());
    }

    /** Starts building an engine for {@code config}. */
    public static EngineBuilder builder(LoginTelemetryConfig config) {
        return new EngineBuilder(config);
    }

    /**
     * Takes one event and returns the flags it raised (usually none). Events missing what their
     * type needs (an account, except for a request before login) are counted and ignored. Never
     * throws because a detector failed: that is counted and logged.
     */
    public List<Flag> accept(Event event) {
        return decide(event).flags();
    }

    /**
     * {@link #accept}, also returning the account's level and inline action as they stand after the
     * event: what the filter needs per request, without looking the account up again.
     */
    public Outcome decide(Event event) {
        String account = event.account();
        if (account == null) {
            if (event.type() != EventType.REQUEST) {
                metrics.rejectedEvent();
            } else {
                metrics.event(event.type());
            }
            return Outcome.NONE;
        }
        metrics.event(event.type());
        state.clock().advanceTo(event.timestamp());
        if (sensitive != null) {
            // Before anything stores them: document numbers and payout references become keyed hashes.
            event = sensitive.protect(event);
        }
        SpareFindings spare = SPARE_FINDINGS.get();
        boolean own = !spare.busy;
        ArrayList<Finding> findings = own ? spare.list : new ArrayList<>(4);
        spare.busy = true;
        try {
            Outcome outcome = decide(event, account, findings);
            shareWithStore(event);
            return outcome;
        } finally {
            if (own) {
                boolean grown = findings.size() > 64;
                findings.clear();
                if (grown) {
                    findings.trimToSize(); // a list grown by a large fan-out does not keep its room
                }
                spare.busy = false;
            }
        }
    }

    private Outcome decide(Event event, String account, List<Finding> findings) {
        String uaFamily = UserAgentFamily.of(event.userAgent());

        IpInfo info = event.ip() != null && event.isActivity() ? lookup(event) : IpInfo.UNKNOWN;

        AccountState accountState = state.account(account);
        // Look-ups first, before any lock is taken (the store's may lock): each is a few likely cache
        // misses over a large state, and a lock instruction waits for the loads before it.
        boolean activity = event.isActivity();
        boolean ipKept = activity && event.ip() != null && !ipDetectors.isEmpty();
        AccountSet onIp = ipKept && rememberIpSets
                ? accountState.recentIpSetGuess(event.ip(), event.timestamp(), recheckAfter) : null;
        boolean ipLookedUp = false;
        // The address has seen this account alone: the sighting is recorded, and there is no set to
        // update and nothing for the address detectors to count.
        boolean ipAlone = false;
        if (ipKept && onIp == null) {
            onIp = addressSet(event, accountState);
            ipAlone = onIp == null;
            ipLookedUp = !ipAlone;
        }
        boolean sessionKept = activity && event.session() != null;
        SessionState session = null;
        RiskLevel level;
        Action action;
        synchronized (accountState) {
            // The remembered session and the address's set are read first thing under the lock (reads
            // only, no lock of theirs): each is a cache miss of its own, which the account's work below
            // then overlaps instead of the lock waiting for them. A set dropped meanwhile is asked for
            // again after the lock, as is a session not remembered.
            if (sessionKept && rememberSessions) {
                session = accountState.recentSession(event.session(), event.timestamp(), recheckAfter);
            }
            if (ipLookedUp && onIp.retired()) {
                onIp = null;
                ipLookedUp = false;
            }
            updateAccount(event, accountState, uaFamily, info);
            for (int k = 0; k < accountDetectors.size(); k++) { // indexed: a for-each allocated an iterator per event
                Detector.OfAccount d = accountDetectors.get(k);
                try {
                    d.evaluate(event, accountState, findings);
                } catch (RuntimeException e) {
                    detectorFailed(d, e);
                }
            }
            if (onIp != null && rememberIpSets) {
                if (ipLookedUp) {
                    accountState.rememberIpSet(event.ip(), onIp, event.timestamp());
                } else if (!accountState.remembersIpSet(onIp, event.ip(), event.timestamp(), recheckAfter)) {
                    onIp = null; // the guess raced with another event of this account: ask the store below
                }
            }
            // As they stand now: only a flag (below) changes them, and then they are read again.
            level = accountState.level();
            action = accountState.actionAt(event.timestamp());
        }
        if (sessionKept && session == null) {
            session = sessionOf(event, accountState);
        }
        // The sets and sessions below keep the account's canonical id string, not a copy per key.
        account = accountState.id();
        List<String> linkedTo = null;
        if (marketEvents || offHours != null) {
            try {
                marketplace(event, account, accountState, findings);
            } catch (RuntimeException e) {
                metrics.detectorError();
                DETECTOR_ERRORS.error("Login Telemetry marketplace state failed; the event was processed without it", e);
            }
        }
        if (session != null) {
            useSession(event, session, account, uaFamily, info, accountState, findings);
        } else if (event.session() != null
                && (event.type() == EventType.LOGOUT || event.type() == EventType.SESSION_END)) {
            accountState.forgetSession(event.session());
            state.endSession(event.session());
        }
        if (activity) {
            if (ipKept && !ipAlone && onIp == null) {
                onIp = addressSet(event, accountState);
                if (onIp != null && rememberIpSets) {
                    accountState.rememberIpSet(event.ip(), onIp, event.timestamp());
                }
            }
            if (ipKept && onIp != null) {
                synchronized (onIp) {
                    onIp.add(account, event.timestamp());
                    for (int k = 0; k < ipDetectors.size(); k++) { // indexed: a for-each allocated an iterator per event
                        Detector.OfIp d = ipDetectors.get(k);
                        try {
                            d.evaluate(event, onIp, info, findings);
                        } catch (RuntimeException e) {
                            detectorFailed(d, e);
                        }
                    }
                }
            }
            if (event.device() != null && (!deviceDetectors.isEmpty() || linking)) {
                AccountSet onDevice = state.device(event.device());
                synchronized (onDevice) {
                    int before = linking ? onDevice.countSince(Long.MIN_VALUE) : 0;
                    onDevice.add(account, event.timestamp());
                    if (linking && onDevice.countSince(Long.MIN_VALUE) > before && before > 0) {
                        linkedTo = onDevice.accountsSince(Long.MIN_VALUE); // linked below, out of this lock
                    }
                    for (int k = 0; k < deviceDetectors.size(); k++) { // indexed: a for-each allocated an iterator per event
                        Detector.OfDevice d = deviceDetectors.get(k);
                        try {
                            d.evaluate(event, onDevice, findings);
                        } catch (RuntimeException e) {
                            detectorFailed(d, e);
                        }
                    }
                }
            }
        }
        if (linking) {
            try {
                link(event, account, info, linkedTo, findings);
            } catch (RuntimeException e) {
                metrics.detectorError();
                DETECTOR_ERRORS.error("Login Telemetry link graph failed; the event was processed without it", e);
            }
        }
        if (findings.isEmpty()) {
            return Outcome.of(List.of(), level, action);
        }
        List<Flag> flags = admit(findings, event, event.timestamp());
        return Outcome.of(flags, accountState.level(), accountState.actionAt(event.timestamp()));
    }

    /**
     * The marketplace part of an event: updates {@link MarketState}, the identifier indexes, the link
     * graph and the rate estimates, and runs the detectors that read them.
     */
    private void marketplace(Event event, String account, AccountState accountState, List<Finding> findings) {
        EventType type = event.type();
        if (event.isActivity()) {
            // Most accounts declare no country: they cost one field read here, no look-up.
            if (offHours == null || offHours.zoneOf(accountState.declaredCountry()) == null) {
                return;
            }
            MarketState m = market.existingAccount(account);
            java.time.ZoneId zone = m == null ? null : offHours.zoneOf(m.country());
            if (zone != null) {
                synchronized (m) {
                    offHours.record(event, m, zone);
                    runMarket(event, m, findings);
                }
            }
            return;
        }
        if (type == EventType.PROFILE) {
            MarketState m = market.account(account);
            synchronized (m) {
                m.declare(event.detail("name"), event.detail("name_reading"), event.detail("country"));
                runMarket(event, m, findings);
            }
            return;
        }
        if (!marketEvents) {
            return;
        }
        switch (type) {
            case PROFILE_CHANGE -> {
                MarketState m = market.account(account);
                synchronized (m) {
                    m.recordProfileChange(event.detail("field"), event.detail("value"), event.timestamp());
                    runMarket(event, m, findings);
                }
            }
            case PAYOUT_ACCOUNT -> {
                MarketState m = market.account(account);
                synchronized (m) {
                    m.recordPayout(event.detail("payout_ref"), event.detail("holder_name"), event.timestamp());
                    runMarket(event, m, findings);
                }
                identifier(event, account, LinkGraph.Kind.PAYOUT, event.detail("payout_ref"), findings);
            }
            case IDENTITY_DOCUMENT -> {
                if (event.detail("name") != null) {
                    MarketState m = market.account(account);
                    synchronized (m) {
                        m.declareDocumentName(event.detail("name"));
                        runMarket(event, m, findings);
                    }
                }
                identifier(event, account, LinkGraph.Kind.DOCUMENT, event.detail("document"), findings);
            }
            case MESSAGE -> message(event, account, findings);
            case REVIEW -> review(event, account, findings);
            case OFFER -> offer(event, findings);
            default -> {
            }
        }
    }

    private void runMarket(Event event, MarketState m, List<Finding> findings) {
        for (Detector.OfMarket d : marketDetectors) {
            try {
                d.evaluate(event, m, findings);
            } catch (RuntimeException e) {
                detectorFailed(d, e);
            }
        }
    }

    private void identifier(Event event, String account, LinkGraph.Kind kind, String hash, List<Finding> findings) {
        if (hash == null) {
            return;
        }
        KeyAccounts users = market.identifier(kind.wireName(), hash);
        List<String> others;
        synchronized (users) {
            if (!users.add(account)) {
                return; // nothing new: the same account reporting its document again
            }
            for (Detector.OfIdentifier d : identifierDetectors) {
                try {
                    d.evaluate(event, kind, hash, users, findings);
                } catch (RuntimeException e) {
                    detectorFailed(d, e);
                }
            }
            others = users.accounts();
        }
        if (linking && others.size() > 1) {
            List<String> linked = new ArrayList<>(2);
            String via = hash.length() > 10 ? hash.substring(0, 10) : hash;
            for (String other : others) {
                if (market.links().link(other, account, kind, via)) {
                    linked.add(other);
                }
            }
            linked(event, account, linked, findings);
        }
    }

    private void review(Event event, String account, List<Finding> findings) {
        String subject = io.logintelemetry.event.BoundedText.id(event.detail("subject"));
        if (subject == null || subject.equals(account)) {
            return;
        }
        int rating = 0;
        String ratingText = event.detail("rating");
        if (ratingText != null) {
            try {
                rating = Math.max(0, Math.min(5, Integer.parseInt(ratingText.trim())));
            } catch (NumberFormatException e) {
                rating = 0; // an unreadable rating is no top rating
            }
        }
        MarketState reviewer = market.account(account);
        reviewer.recordReview(subject, rating, event.timestamp());
        MarketState reviewed = market.existingAccount(subject);
        // Each MarketState read takes its own lock: never two at once, whoever reviews whom.
        runReview(reviewDetectors, event, reviewer, reviewed, findings);
    }

    /**
     * A message: its text is scanned and signed here and then dropped with the event; only the
     * signature stays, in the near-duplicate index.
     */
    private void message(Event event, String account, List<Finding> findings) {
        String text = event.detail("text");
        if (text == null || messageDetectors.isEmpty()) {
            return;
        }
        io.logintelemetry.text.MessageFindings found = scanner == null ? noFindings : scanner.scan(text);
        java.util.Set<String> nearDuplicates = minHash == null ? java.util.Set.of()
                : market.texts().add(account, minHash.signature(text), event.timestamp());
        for (Detector.OfMessage d : messageDetectors) {
            try {
                d.evaluate(event, found, nearDuplicates, findings);
            } catch (RuntimeException e) {
                detectorFailed(d, e);
            }
        }
    }

    private void offer(Event event, List<Finding> findings) {
        String currency = event.detail("currency");
        String rateText = event.detail("rate");
        if (currency == null || rateText == null) {
            return;
        }
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            return;
        }
        String category = event.detail("category") == null ? "" : event.detail("category");
        RateSample sample = market.rates(category, currency.trim().toUpperCase(java.util.Locale.ROOT));
        synchronized (sample) {
            for (Detector.OfOffer d : offerDetectors) {
                try {
                    d.evaluate(event, rate, sample, findings);
                } catch (RuntimeException e) {
                    detectorFailed(d, e);
                }
            }
            sample.add(rate);
        }
    }

    /** Device and address links of an event, and the group detectors when the graph changed. */
    private void link(Event event, String account, IpInfo info, List<String> linkedTo, List<Finding> findings) {
        List<String> linked = new ArrayList<>(2);
        if (linkedTo != null) {
            for (String other : linkedTo) {
                if (market.links().link(other, account, LinkGraph.Kind.DEVICE, event.device())) {
                    linked.add(other);
                }
            }
        }
        if (event.type() == EventType.LOGIN && event.isActivity() && event.ip() != null && !info.isShared()
                && !info.is(NetworkType.MOBILE)) {
            linkByAddress(event, account, linked);
        }
        linked(event, account, linked, findings);
    }

    /** The IP link rule: accounts logging in on several days from an address few accounts use. */
    private void linkByAddress(Event event, String account, List<String> linked) {
        IpLogins logins = market.ipLogins(event.ip());
        int day = (int) Math.floorDiv(event.timestamp(), 86_400_000L);
        List<String> others;
        synchronized (logins) {
            if (logins.add(account, day, ipLinkMaxAccounts) < ipLinkMinDays) {
                return;
            }
            others = logins.othersWithDays(account, ipLinkMinDays);
        }
        String ip = event.ip().toString();
        for (String other : others) {
            if (market.links().link(other, account, LinkGraph.Kind.IP, ip) && !linked.contains(other)) {
                linked.add(other);
            }
        }
    }

    /** After new links of {@code account}: its group is judged, and reviews made before the link are looked at again. */
    private void linked(Event event, String account, List<String> linked, List<Finding> findings) {
        if (linked.isEmpty()) {
            return;
        }
        evaluateGroup(event, account, findings);
        if (reviewRechecks.isEmpty()) {
            return;
        }
        MarketState mine = market.existingAccount(account);
        for (String other : linked) {
            MarketState theirs = market.existingAccount(other);
            // Each MarketState read takes its own lock: never two at once, as in review().
            if (mine != null && mine.reviewed(other)) {
                runReview(reviewRechecks, event, mine, theirs != null ? theirs : market.account(other), findings);
            } else if (theirs != null && theirs.reviewed(account)) {
                runReview(reviewRechecks, event, theirs, mine != null ? mine : market.account(account), findings);
            }
        }
    }

    private void runReview(List<Detector.OfReview> detectors, Event event, MarketState reviewer, MarketState subject,
                           List<Finding> findings) {
        for (Detector.OfReview d : detectors) {
            try {
                d.evaluate(event, reviewer, subject, market.links(), findings);
            } catch (RuntimeException e) {
                detectorFailed(d, e);
            }
        }
    }

    private void evaluateGroup(Event event, String account, List<Finding> findings) {
        if (groupDetectors.isEmpty()) {
            return;
        }
        LinkGraph.Group group = market.links().group(account);
        if (group == null) {
            return;
        }
        for (Detector.OfGroup d : groupDetectors) {
            try {
                d.evaluate(event, group, findings);
            } catch (RuntimeException e) {
                detectorFailed(d, e);
            }
        }
    }

    private void updateAccount(Event event, AccountState account, String uaFamily, IpInfo info) {
        account.seen(event.timestamp());
        if (event.isActivity()) {
            account.recordActivity(event.timestamp(), maxGap, uaFamily, event.device());
            if (event.type() == EventType.LOGIN && event.ip() != null) {
                account.recordLogin(event.ip(), info, event.timestamp(), churnWindow);
            }
        } else if (event.type() == EventType.PROFILE && event.detail("country") != null) {
            account.declareCountry(event.detail("country"));
        }
    }

    /**
     * The accounts on the event's address, to which the caller adds the event's account; or null when
     * the address has seen this account alone, in which case the store has recorded the sighting
     * itself (only while no address detector runs on such addresses).
     */
    private AccountSet addressSet(Event event, AccountState accountState) {
        return addressesOfOneAccountSkipped ? state.ipOf(event.ip(), accountState, event.timestamp()) : state.ip(event.ip());
    }

    /** The event's session: the one the account used last if it is still the same, else the store's. */
    private SessionState sessionOf(Event event, AccountState accountState) {
        SessionState session = null;
        if (rememberSessions) {
            session = accountState.recentSession(event.session(), event.timestamp(), recheckAfter);
        }
        return session != null ? session : storedSession(event, accountState);
    }

    /** The event's session as the store has it (made if new, maybe carried by the account), remembered. */
    private SessionState storedSession(Event event, AccountState accountState) {
        SessionState session = state.session(event.session(), accountState);
        if (rememberSessions) {
            accountState.rememberSession(session, event.timestamp());
        }
        return session;
    }

    private void useSession(Event event, SessionState session, String account, String uaFamily, IpInfo info,
                            AccountState accountState, List<Finding> findings) {
        for (int attempt = 0; !useSession(event, session, account, uaFamily, info, findings); attempt++) {
            // Dropped by the store since it was looked up (ended, expired, evicted; a carried session's
            // account may even carry the next one by now): the store's session of this id it is. Again
            // only when the store drops sessions as fast as they are made (a tiny state.max-sessions).
            if (attempt == SESSION_ATTEMPTS - 1) {
                metrics.error();
                return;
            }
            session = storedSession(event, accountState);
        }
    }

    private static final int SESSION_ATTEMPTS = 3;

    /** Records the event on {@code session} and runs the session detectors; false if the session is gone. */
    private boolean useSession(Event event, SessionState session, String account, String uaFamily, IpInfo info,
                               List<Finding> findings) {
        synchronized (session) {
            if (!session.use(event.session(), account, event.timestamp(), uaFamily, event.ip(), info)) {
                return false;
            }
            for (int k = 0; k < sessionDetectors.size(); k++) { // indexed: a for-each allocated an iterator per event
                Detector.OfSession d = sessionDetectors.get(k);
                try {
                    d.evaluate(event, session, findings);
                } catch (RuntimeException e) {
                    detectorFailed(d, e);
                }
            }
        }
        return true;
    }

    private IpInfo lookup(Event event) {
        try {
            IpInfo info = intelligence.lookup(event.ip());
            return info == null ? IpInfo.UNKNOWN : info;
        } catch (RuntimeException e) {
            metrics.error();
            DETECTOR_ERRORS.error("Login Telemetry IP intelligence failed; going on without it", e);
            return IpInfo.UNKNOWN;
        }
    }

    /** Admits the findings on {@code event} as flags dated {@code now}, with their actions from then. */
    private List<Flag> admit(List<Finding> findings, Event event, long now) {
        List<Flag> flags = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            DetectorSettings ds = settings.get(f.signal());
            AccountState target = state.account(f.account());
            boolean first;
            // One hold of the account's monitor for both (its methods lock it too): two threads
            // flagging one account at once cannot both take this for its first flag of the signal.
            synchronized (target) {
                first = !target.everFlagged(f.signal());
                if (!target.admitFlag(f.signal(), now, f.magnitude(), f.severity(), f.window(),
                        s -> settings.get(s).weight(), scoreWindow, mediumAt, highAt)) {
                    continue;
                }
                // Under the same hold, so no other thread sees the signal flagged without its action.
                target.applyAction(ds.action(), now, now + actionDuration);
            }
            if (event.ip() != null && target.level() != RiskLevel.LOW) {
                secondLook(event);
            }
            Flag flag = new Flag(UUID.randomUUID().toString(), f.signal(), f.severity(), now, f.account(),
                    f.ip(), f.session(), f.device(), f.summary(), f.evidence(), ds.action(), node);
            metrics.flag(f.signal());
            flags.add(flag);
            for (FlagSink sink : sinks) {
                try {
                    sink.publish(flag, first);
                } catch (RuntimeException e) {
                    metrics.error();
                    DETECTOR_ERRORS.error("Login Telemetry sink refused a flag", e);
                }
            }
        }
        return flags;
    }

    private void secondLook(Event event) {
        try {
            intelligence.secondLook(event.ip());
        } catch (RuntimeException e) {
            metrics.error();
            DETECTOR_ERRORS.error("Login Telemetry IP intelligence refused a second look", e);
        }
    }

    /** Hands the event to a shared store's queue; its failure never reaches the request. */
    private void shareWithStore(Event event) {
        try {
            state.processed(event);
        } catch (RuntimeException e) {
            metrics.error();
            DETECTOR_ERRORS.error("Login Telemetry state store refused an event", e);
        }
    }

    /**
     * What a shared store may ask of this engine (see {@link EngineAccess}), on its worker thread:
     * never a store call that waits, and never two locks at once, as on the request path.
     */
    private final class Access implements EngineAccess {

        @Override
        public void absorb(Event event) {
            String account = event.account();
            if (account == null) {
                return;
            }
            state.clock().advanceTo(event.timestamp());
            String uaFamily = UserAgentFamily.of(event.userAgent());
            IpInfo info = event.ip() != null && event.isActivity() ? lookup(event) : IpInfo.UNKNOWN;
            AccountState accountState = state.account(account);
            synchronized (accountState) {
                updateAccount(event, accountState, uaFamily, info);
            }
        }

        @Override
        public List<Flag> reconsider(Event event) {
            String account = event.account();
            AccountState accountState = account == null ? null : state.existingAccount(account);
            if (accountState == null) {
                return List.of();
            }
            List<Finding> findings = new ArrayList<>(2);
            long asOf;
            synchronized (accountState) {
                // The detectors judge the event as it was (those with windows end them at the
                // account's latest activity themselves); a flag it raises, and the action it sets,
                // date from the newest event the account holds (merged from other nodes, or taken
                // inline while this one waited for the store), when the state showed it.
                asOf = Math.max(event.timestamp(), accountState.lastActivity());
                for (Detector.OfAccount d : accountDetectors) {
                    try {
                        d.evaluate(event, accountState, findings);
                    } catch (RuntimeException e) {
                        detectorFailed(d, e);
                    }
                }
            }
            // An address still of this account alone stays so: nothing for the address detectors there.
            AccountSet onIp = event.isActivity() && event.ip() != null && !ipDetectors.isEmpty()
                    ? addressSet(event, accountState) : null;
            if (onIp != null) {
                IpInfo info = lookup(event);
                synchronized (onIp) {
                    for (Detector.OfIp d : ipDetectors) {
                        try {
                            d.evaluate(event, onIp, info, findings);
                        } catch (RuntimeException e) {
                            detectorFailed(d, e);
                        }
                    }
                }
            }
            if (event.isActivity() && event.device() != null && !deviceDetectors.isEmpty()) {
                AccountSet onDevice = state.device(event.device());
                synchronized (onDevice) {
                    for (Detector.OfDevice d : deviceDetectors) {
                        try {
                            d.evaluate(event, onDevice, findings);
                        } catch (RuntimeException e) {
                            detectorFailed(d, e);
                        }
                    }
                }
            }
            return findings.isEmpty() ? List.of() : admit(findings, event, asOf);
        }
    }

    private void detectorFailed(Detector d, RuntimeException e) {
        metrics.detectorError();
        DETECTOR_ERRORS.error("Login Telemetry detector " + d.signal().id() + " (" + d.getClass().getName()
                + ") failed; the event was processed without it", e);
    }

    /** The inline action in force for {@code account} at {@code now}: {@link Action#LOG} when none. */
    public Action actionFor(String account, long now) {
        AccountState a = state.existingAccount(account);
        return a == null ? Action.LOG : a.actionAt(now);
    }

    /** The account's level as of its last flag; {@link RiskLevel#LOW} for an unknown account. */
    public RiskLevel levelOf(String account) {
        AccountState a = state.existingAccount(account);
        return a == null ? RiskLevel.LOW : a.level();
    }

    /** Time of the account's last login or request, or {@link Long#MIN_VALUE} if none is remembered. */
    public long lastActivity(String account) {
        AccountState a = state.existingAccount(account);
        return a == null ? Long.MIN_VALUE : a.lastActivity();
    }

    /** The account's summary for reports (score, level, signals), or null if unknown. */
    public AccountSummary summarize(String account) {
        AccountState a = state.existingAccount(account);
        if (a == null) {
            return null;
        }
        long now = state.clock().nowMillis();
        return new AccountSummary(account, a.score(), a.level(), a.flaggedSignals(now, scoreWindow), a.firstSeen(),
                a.lastSeen(), linkedAccounts(account));
    }

    /**
     * The other accounts of the account's linked group (FLAGS.md {@code linked_accounts}), in the
     * order they joined; empty without links.
     */
    public List<String> linkedAccounts(String account) {
        LinkGraph.Group group = market.links().group(account);
        if (group == null) {
            return List.of();
        }
        List<String> others = new ArrayList<>(group.members());
        others.remove(account);
        return List.copyOf(others);
    }

    public LoginTelemetryConfig config() {
        return config;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    public StateStore state() {
        return state;
    }

    /**
     * Closes the state store's background work (if any), then the sinks (letting each deliver what it
     * has queued within its time limit, all of them at once) and the IP intelligence.
     */
    @Override
    public void close() {
        try {
            state.close(); // first: a shared store hands its last flags to the sinks closed below
        } catch (RuntimeException e) {
            Logs.get("io.logintelemetry").warn("Login Telemetry state store failed to close: " + e);
        }
        try {
            intelligence.close();
        } catch (RuntimeException e) {
            Logs.get("io.logintelemetry").warn("Login Telemetry IP intelligence failed to close: " + e);
        }
        // In parallel: each sink may take up to its shutdown timeout draining to a receiver that is
        // down, and the host's shutdown should wait for one such timeout, not the sum of them.
        List<Thread> closing = new ArrayList<>(sinks.size());
        for (FlagSink sink : sinks) {
            Runnable close = () -> {
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    Logs.get("io.logintelemetry").warn("Login Telemetry sink failed to close: " + e);
                }
            };
            if (sinks.size() == 1) {
                close.run();
            } else {
                Thread t = new Thread(close, "logintelemetry-close-" + closing.size());
                t.setDaemon(true);
                t.start();
                closing.add(t);
            }
        }
        boolean interrupted = false;
        for (Thread t : closing) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // still wait: a sink half-closed would lose its spool position
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
