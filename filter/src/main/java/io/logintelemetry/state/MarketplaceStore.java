package io.logintelemetry.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.net.IpAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of the marketplace signals (SIGNALS.md sections B and C), apart from the login state so
 * that accounts without marketplace events cost nothing here: per-account {@link MarketState}, the
 * accounts behind each keyed-hashed identifier, the logins per address for the IP link rule, the
 * {@link LinkGraph}, and the rate estimates per category and currency.
 *
 * <p>Every part is bounded by a configured entry count; the caches also expire idle entries by event
 * time (the same {@link EventClock} as the login state). Identity documents and payout accounts are
 * kept a year: sharing one is news however far apart the accounts registered.
 */
public final class MarketplaceStore {

    /** How long an unused identifier is remembered. */
    static final Duration IDENTIFIER_EXPIRY = Duration.ofDays(400);

    private final Cache<String, MarketState> accounts;
    private final Cache<String, KeyAccounts> identifiers;
    private final Cache<IpAddress, IpLogins> ipLogins;
    private final Cache<String, RateSample> rates;
    private final LinkGraph links;
    private final TextIndex texts;

    public MarketplaceStore(LoginTelemetryConfig config, EventClock clock) {
        Duration accountExpiry = longest(config.longestWindow(), config.get(ConfigKeys.PROFILE_CHURN_WINDOW),
                config.get(ConfigKeys.REVIEW_BURST_WINDOW)).plus(InMemoryStateStore.EXPIRY_MARGIN);
        accounts = cache(clock, config.get(ConfigKeys.STATE_MAX_MARKET_ACCOUNTS), accountExpiry);
        identifiers = cache(clock, config.get(ConfigKeys.STATE_MAX_IDENTIFIERS), IDENTIFIER_EXPIRY);
        ipLogins = cache(clock, config.get(ConfigKeys.STATE_MAX_IPS),
                config.get(ConfigKeys.LINKED_IP_WINDOW).plus(InMemoryStateStore.EXPIRY_MARGIN));
        rates = cache(clock, config.get(ConfigKeys.BELOW_MARKET_MAX_CATEGORIES), IDENTIFIER_EXPIRY);
        texts = new TextIndex(config.get(ConfigKeys.TEMPLATE_WINDOW).toMillis(), config.get(ConfigKeys.TEMPLATE_SIMILARITY),
                config.get(ConfigKeys.TEMPLATE_MAX_TEXTS));
        links = new LinkGraph(config.get(ConfigKeys.STATE_MAX_LINKED_ACCOUNTS), config.get(ConfigKeys.LINKED_MAX_GROUP));
    }

    private static Duration longest(Duration... all) {
        Duration longest = Duration.ZERO;
        for (Duration d : all) {
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }

    private static <K, V> Cache<K, V> cache(EventClock clock, int maximumSize, Duration idle) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(idle)
                .ticker(clock)
                .executor(Runnable::run)
                .build();
    }

    /** The marketplace state of an account, created if absent. */
    public MarketState account(String account) {
        return accounts.get(account, MarketState::new);
    }

    /** The marketplace state of an account if present, else null. */
    public MarketState existingAccount(String account) {
        return accounts.getIfPresent(account);
    }

    /**
     * The accounts using an identifier, created if absent.
     *
     * @param kind  {@code document} or {@code payout}
     * @param hash  the identifier's keyed hash
     */
    public KeyAccounts identifier(String kind, String hash) {
        return identifiers.get(kind + '/' + hash, k -> new KeyAccounts());
    }

    /** The logins on an address for the IP link rule, created if absent. */
    public IpLogins ipLogins(IpAddress ip) {
        return ipLogins.get(ip, k -> new IpLogins());
    }

    /** The rate estimate of a category and currency, created if absent. */
    public RateSample rates(String category, String currency) {
        return rates.get(category + '\u0000' + currency, RateSample::new);
    }

    public LinkGraph links() {
        return links;
    }

    /** The MinHash signatures of recent message texts, for near-duplicates across accounts. */
    public TextIndex texts() {
        return texts;
    }

    /** Approximate entries per kind, for the metrics. */
    public Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("market-accounts", accounts.estimatedSize());
        sizes.put("identifiers", identifiers.estimatedSize());
        sizes.put("ip-logins", ipLogins.estimatedSize());
        sizes.put("rate-categories", rates.estimatedSize());
        sizes.put("linked-accounts", (long) links.size());
        return sizes;
    }

    // ---- for StateSnapshot ----

    Cache<String, MarketState> accountCache() {
        return accounts;
    }

    Cache<String, KeyAccounts> identifierCache() {
        return identifiers;
    }

    Cache<IpAddress, IpLogins> ipLoginCache() {
        return ipLogins;
    }

    Cache<String, RateSample> rateCache() {
        return rates;
    }
}
