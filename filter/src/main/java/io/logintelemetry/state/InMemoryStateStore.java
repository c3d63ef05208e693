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
 * The default store: four Caffeine caches, each bounded by entry count and expiring entries idle
 * for longer than the longest window in use. Their {@link EventClock} ticker makes expiry follow
 * event time, so the scan and the live path agree.
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

    public InMemoryStateStore(LoginTelemetryConfig config) {
        Duration idle = config.longestWindow();
        accounts = cache(config.get(ConfigKeys.STATE_MAX_ACCOUNTS), idle);
        ips = cache(config.get(ConfigKeys.STATE_MAX_IPS), idle);
        devices = cache(config.get(ConfigKeys.STATE_MAX_DEVICES), idle);
        sessions = cache(config.get(ConfigKeys.STATE_MAX_SESSIONS), idle);
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
        return ips.get(ip, k -> new AccountSet(k.toString(), ipCapacity));
    }

    @Override
    public AccountSet device(String device) {
        return devices.get(device, k -> new AccountSet(k, deviceCapacity));
    }

    @Override
    public SessionState session(String session) {
        return sessions.get(session, SessionState::new);
    }

    @Override
    public void endSession(String session) {
        sessions.invalidate(session);
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
