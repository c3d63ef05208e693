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
 * The default store. Accounts, sessions and the accounts per IP address live in {@link StateTable}s:
 * open-addressing hash tables over primitive key arrays, bounded by entry count, expiring entries idle
 * for longer than the longest window of what each serves (see {@link #InMemoryStateStore}), with
 * look-ups of present keys that take no lock. They replaced Caffeine caches there: at 100,000 accounts
 * and a million addresses, a cache node, a map node and a key object per entry, and the access-order
 * and frequency bookkeeping per read, were most of the heap per account and of the time per event.
 * Device ids, read only by {@code device.fanout}, stay in a Caffeine cache. Expiry follows the
 * {@link EventClock} (event time, also the Caffeine cache's ticker), so the scan and the live path
 * agree; all maintenance runs on the calling thread, bounded, so eviction is deterministic for replays.
 *
 * <p>Eviction when a table is full drops the entry idle longest among a small sample (expired ones
 * first), where Caffeine's W-TinyLFU also weighed how often an entry was used: under a flood of new
 * keys beyond the configured bounds, an account in steady use is kept, but one idle for a while goes
 * before it would have with Caffeine. Size the bounds above the expected population.
 */
public final class InMemoryStateStore implements StateStore {

    private final EventClock clock = new EventClock();
    private final StateTable<String, AccountState> accounts;
    /** IPv4 and IPv6 apart: an IPv4 slot needs a quarter of the key bits, and most addresses are IPv4. */
    private final StateTable<IpAddress, AccountSet> ipv4;
    private final StateTable<IpAddress, AccountSet> ipv6;
    private final Cache<String, AccountSet> devices;
    private final StateTable<String, SessionState> sessions;
    private final int ipCapacity;
    private final int deviceCapacity;
    private final long recheckAfter;
    /** How long a device set lives idle (the device window plus the margin): a restored one older is dropped. */
    private final long deviceExpiry;
    private final MarketplaceStore marketplace;
    // The mapping functions, made once: a capturing lambda in ip()/device() was allocated per event.
    private final Function<IpAddress, AccountSet> newIpSet = k -> new AccountSet(ipCapacity());

    /** IPv4 addresses by their 32 bits: one {@code long} per slot. */
    static final StateTable.Keys<IpAddress, AccountSet> IPV4_KEYS = new StateTable.Keys<>() {
        @Override
        public long first(IpAddress ip) {
            return ip.low();
        }

        @Override
        public long second(IpAddress ip) {
            return 0;
        }

        @Override
        public boolean wide() {
            return false;
        }

        @Override
        public boolean matches(AccountSet value, IpAddress key) {
            return true;
        }
    };

    /** IPv6 addresses by their 128 bits. */
    private static final StateTable.Keys<IpAddress, AccountSet> IPV6_KEYS = new StateTable.Keys<>() {
        @Override
        public long first(IpAddress ip) {
            return ip.high();
        }

        @Override
        public long second(IpAddress ip) {
            return ip.low();
        }

        @Override
        public boolean wide() {
            return true;
        }

        @Override
        public boolean matches(AccountSet value, IpAddress key) {
            return true;
        }
    };

    private static final StateTable.Keys<String, AccountState> ACCOUNT_KEYS = new IdKeys<>() {
        @Override
        public boolean matches(AccountState value, String key) {
            String id = value.id();
            return id == key || id.equals(key);
        }
    };

    private static final StateTable.Keys<String, SessionState> SESSION_KEYS = new IdKeys<>() {
        @Override
        public boolean matches(SessionState value, String key) {
            String id = value.sessionId();
            return id == key || key.equals(id); // a carried session's id may change: read once
        }
    };

    /** String ids by their hash; the value, which keeps its id, confirms the match. */
    private abstract static class IdKeys<V> implements StateTable.Keys<String, V> {
        @Override
        public long first(String key) {
            return key.hashCode();
        }

        @Override
        public long second(String key) {
            return 0;
        }

        @Override
        public boolean wide() {
            return false;
        }
    }
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
        accounts = new StateTable<>(config.get(ConfigKeys.STATE_MAX_ACCOUNTS), config.longestWindow().toMillis(), clock,
                ACCOUNT_KEYS, AccountState::new, AccountState::forgetRemembered);
        marketplace = new MarketplaceStore(config, clock);
        // A quarter of the shorter expiry of the two, at most an hour: far from expiring an entry in use,
        // and rare enough that steady traffic skips almost every look-up.
        Duration shorter = config.get(ConfigKeys.IP_FANOUT_WINDOW).compareTo(config.get(ConfigKeys.SESSION_LONG_MAX_DURATION)) < 0
                ? config.get(ConfigKeys.IP_FANOUT_WINDOW) : config.get(ConfigKeys.SESSION_LONG_MAX_DURATION);
        recheckAfter = Math.min(Duration.ofHours(1).toMillis(), shorter.plus(EXPIRY_MARGIN).toMillis() / 4);
        // Retired as they are dropped, like sessions (see StateStore#retiresDroppedSets).
        // One bound for both: each table may hold all of it, as an IPv6 flood must not starve IPv4 state
        // (nor the reverse); the count per family stays bounded either way.
        long ipExpiry = config.get(ConfigKeys.IP_FANOUT_WINDOW).plus(EXPIRY_MARGIN).toMillis();
        // Tagged: an address of one account keeps the account's tag in its slot, and its id as the
        // value, until a second account makes it a set (see ipOf).
        ipv4 = new StateTable<>(config.get(ConfigKeys.STATE_MAX_IPS), ipExpiry, clock, IPV4_KEYS, newIpSet,
                AccountSet::retire, (account, seen) -> AccountSet.of(ipCapacity(), (String) account, seen));
        ipv6 = new StateTable<>(config.get(ConfigKeys.STATE_MAX_IPS), ipExpiry, clock, IPV6_KEYS, newIpSet,
                AccountSet::retire);
        deviceExpiry = config.get(ConfigKeys.DEVICE_FANOUT_WINDOW).plus(EXPIRY_MARGIN).toMillis();
        devices = cache(config.get(ConfigKeys.STATE_MAX_DEVICES), Duration.ofMillis(deviceExpiry));
        // Retired under the table's lock as it is dropped: once a session is out of the table, whoever
        // kept a reference to it sees it retired (see AccountState.recentSession).
        sessions = new StateTable<>(config.get(ConfigKeys.STATE_MAX_SESSIONS),
                config.get(ConfigKeys.SESSION_LONG_MAX_DURATION).plus(EXPIRY_MARGIN).toMillis(), clock, SESSION_KEYS,
                SessionState::new, SessionState::retire);
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
        return accounts.get(account);
    }

    @Override
    public AccountState existingAccount(String account) {
        return accounts.getIfPresent(account);
    }

    @Override
    public AccountSet ip(IpAddress ip) {
        return ip.isV4() ? ipv4.get(ip) : ipv6.get(ip);
    }

    /**
     * IPv4 addresses seen by one account are kept without a set: the slot holds the account's tag
     * ({@link AccountState#tag()}) and last sighting, the value its id. Such an event reads the slot
     * and the value's entry (not what it points to), where a set took a third read on every event;
     * the set is made when a second account shows up, from the first one's id and last sighting.
     */
    @Override
    public AccountSet ipOf(IpAddress ip, AccountState account, long time) {
        if (!ip.isV4()) {
            return ipv6.get(ip);
        }
        long tag = account.tag();
        Object read = ipv4.readTagged(ip, tag, time);
        if (read == StateTable.OURS) {
            return null;
        }
        if (read != null) {
            return (AccountSet) read;
        }
        return ipv4.getTagged(ip, tag, account.id(), time);
    }

    @Override
    public AccountSet device(String device) {
        return devices.get(device, newDeviceSet);
    }

    @Override
    public SessionState session(String session) {
        return sessions.get(session);
    }

    /** A new session is carried by its account when the account carries none (see SessionState). */
    @Override
    public SessionState session(String session, AccountState owner) {
        return sessions.get(session, id -> owner.carry(id) ? owner : new SessionState(id));
    }

    @Override
    public void endSession(String session) {
        sessions.remove(session); // retired as it goes
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
        sizes.put("accounts", accounts.size());
        sizes.put("ips", ipv4.size() + ipv6.size());
        sizes.put("devices", devices.estimatedSize());
        sizes.put("sessions", sessions.size());
        return sizes;
    }

    // ---- for StateSnapshot: the tables as they are, read without the engine's locks ----

    StateTable<String, AccountState> accountTable() {
        return accounts;
    }

    StateTable<IpAddress, AccountSet> ipv4Table() {
        return ipv4;
    }

    StateTable<IpAddress, AccountSet> ipv6Table() {
        return ipv6;
    }

    StateTable<String, SessionState> sessionTable() {
        return sessions;
    }

    Cache<String, AccountSet> deviceCache() {
        return devices;
    }

    long deviceExpiryMillis() {
        return deviceExpiry;
    }
}
