package io.logintelemetry.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.net.IpAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The default store: four Caffeine caches, each bounded by entry count and expiring entries idle
 * for longer than the longest window of what that cache serves (see {@link #InMemoryStateStore}).
 * Their {@link EventClock} ticker makes expiry follow event time, so the scan and the live path
 * agree.
 *
 * <p>Maintenance runs on the calling thread ({@code executor(Runnable::run)}): it is bounded CPU
 * work, and it keeps eviction deterministic for replays instead of racing a background pool.
 */
public final class InMemoryStateStore implements StateStore {

    private final EventClock clock = new EventClock();
    private final Cache<String, AccountState> accounts;
    private final Cache<IpAddress, AccountSet> ips;
    private final Cache<String, AccountSet> devices;
    private final Cache<String, SessionState> sessions;
    private final int ipCapacity;
    private final int deviceCapacity;
    private final long recheckAfter;
    private final MarketplaceStore marketplace;
    // The mapping functions, made once: a capturing lambda in ip()/device() was allocated per event.
    private final Function<IpAddress, AccountSet> newIpSet = k -> new AccountSet(ipCapacity());
    private final Function<String, AccountSet> newDeviceSet = k -> new AccountSet(deviceCapacity());

    /**
     * Slack on top of each cache's window: a straggler event (clock skew between nodes) is judged
     * against the latest sighting, so state must outlive its window by more than any skew.
     */
    static final Duration EXPIRY_MARGIN = Duration.ofHours(1);

    /**
     * Each cache expires after the longest window its readers look back (plus {@link #EXPIRY_MARGIN}),
     * not after the longest window of all: an entry idle for longer can no longer change a finding.
     * <ul>
     *   <li>accounts: every account window (activity week, churn, score), i.e. the longest window;</li>
     *   <li>IPs: read only by {@code ip.fanout}, so its window (24 h by default, not 30 days: the
     *       addresses a mobile user leaves behind are the bulk of the state);</li>
     *   <li>devices: read only by {@code device.fanout}, so its window;</li>
     *   <li>sessions: {@code session.long} measures first to last use, and {@code session.context_change}
     *       compares with the start. A session idle for longer than the long-session limit (plus the
     *       margin) starts afresh, which servlet containers have long done by then anyway.</li>
     * </ul>
     */
    public InMemoryStateStore(LoginTelemetryConfig config) {
        accounts = cache(config.get(ConfigKeys.STATE_MAX_ACCOUNTS), config.longestWindow());
        marketplace = new MarketplaceStore(config, clock);
        // A quarter of the shorter expiry of the two, at most an hour: far from expiring an entry in use,
        // and rare enough that steady traffic skips almost every look-up.
        Duration shorter = config.get(ConfigKeys.IP_FANOUT_WINDOW).compareTo(config.get(ConfigKeys.SESSION_LONG_MAX_DURATION)) < 0
                ? config.get(ConfigKeys.IP_FANOUT_WINDOW) : config.get(ConfigKeys.SESSION_LONG_MAX_DURATION);
        recheckAfter = Math.min(Duration.ofHours(1).toMillis(), shorter.plus(EXPIRY_MARGIN).toMillis() / 4);
        // Retired as they are evicted, like sessions, so accounts may keep their last address's set.
        ips = Caffeine.newBuilder()
                .maximumSize(config.get(ConfigKeys.STATE_MAX_IPS))
                .expireAfterAccess(config.get(ConfigKeys.IP_FANOUT_WINDOW).plus(EXPIRY_MARGIN))
                .ticker(clock)
                .executor(Runnable::run)
                .<IpAddress, AccountSet>evictionListener((ip, set, cause) -> {
                    if (set != null) {
                        set.retire();
                    }
                })
                .build();
        devices = cache(config.get(ConfigKeys.STATE_MAX_DEVICES),
                config.get(ConfigKeys.DEVICE_FANOUT_WINDOW).plus(EXPIRY_MARGIN));
        // The eviction listener runs atomically with the removal: once a session is out of the
        // cache, whoever kept a reference to it sees it retired (see AccountState.recentSession).
        sessions = Caffeine.newBuilder()
                .maximumSize(config.get(ConfigKeys.STATE_MAX_SESSIONS))
                .expireAfterAccess(config.get(ConfigKeys.SESSION_LONG_MAX_DURATION).plus(EXPIRY_MARGIN))
                .ticker(clock)
                .executor(Runnable::run)
                .<String, SessionState>evictionListener((id, session, cause) -> {
                    if (session != null) {
                        session.retire();
                    }
                })
                .build();
        // Room for every account a fan-out limit can count, and a margin so that the set is not full
        // the moment it reaches the limit.
        ipCapacity = Math.min(1024, 2 * Math.max(config.get(ConfigKeys.IP_FANOUT_MIN_ACCOUNTS),
                config.get(ConfigKeys.IP_FANOUT_SHARED_MIN_ACCOUNTS)));
        deviceCapacity = Math.min(1024, 2 * config.get(ConfigKeys.DEVICE_FANOUT_MIN_ACCOUNTS) + 8);
    }

    private <K, V> Cache<K, V> cache(int maximumSize, Duration idle) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterAccess(idle)
                .ticker(clock)
                .executor(Runnable::run)
                .build();
    }

    private int ipCapacity() {
        return ipCapacity;
    }

    private int deviceCapacity() {
        return deviceCapacity;
    }

    @Override
    public AccountState account(String account) {
        return accounts.get(account, AccountState::new);
    }

    @Override
    public AccountState existingAccount(String account) {
        return accounts.getIfPresent(account);
    }

    @Override
    public AccountSet ip(IpAddress ip) {
        return ips.get(ip, newIpSet);
    }

    @Override
    public AccountSet device(String device) {
        return devices.get(device, newDeviceSet);
    }

    @Override
    public SessionState session(String session) {
        return sessions.get(session, SessionState::new);
    }

    @Override
    public void endSession(String session) {
        SessionState ended = sessions.asMap().remove(session);
        if (ended != null) {
            ended.retire();
        }
    }

    @Override
    public boolean retiresDroppedSessions() {
        return true;
    }

    @Override
    public boolean retiresDroppedSets() {
        return true;
    }

    @Override
    public long recheckAfterMillis() {
        return recheckAfter;
    }

    @Override
    public MarketplaceStore marketplace() {
        return marketplace;
    }

    @Override
    public EventClock clock() {
        return clock;
    }

    @Override
    public Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("accounts", accounts.estimatedSize());
        sizes.put("ips", ips.estimatedSize());
        sizes.put("devices", devices.estimatedSize());
        sizes.put("sessions", sessions.estimatedSize());
        return sizes;
    }
}
