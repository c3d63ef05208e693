package io.logintelemetry.geoip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * IP intelligence from local files, every one optional: MaxMind databases (City or Country, ASN, ISP,
 * Anonymous IP, Connection Type, Enterprise), free IP-range-to-ASN files, the Tor exit list and the
 * curated ASN list, merged into one {@link IpInfo} per address, plus answers a {@link SecondOpinion}
 * (the Insights web service) already has.
 *
 * <p>How the sources merge: they are asked in a fixed order (City/Country, ASN, ISP/Enterprise,
 * Anonymous IP, Connection Type, ASN range files, Tor exit list, curated list). For country, city,
 * location and ASN the first source with an answer wins; ASN range files are only asked when no
 * MaxMind source gave an ASN; the curated list classifies by whatever ASN was found. Network types add
 * up over all sources. {@link IpInfo#source()} names every source that contributed, in that order. A
 * second opinion already received for the address takes precedence for every field it knows, and its
 * network types are added.
 *
 * <p>Lookups answer from memory and a Caffeine cache (cleared whenever a source reloads); the cached
 * path returns the cached instance and allocates nothing. Files are re-checked by one daemon thread
 * every {@code geoip.reload-interval}; a changed file is loaded on that thread and swapped in
 * atomically, while lookups go on with the old data. Create it with
 * {@link #open(LoginTelemetryConfig, SecondOpinion)} or through {@link GeoIpProvider}.
 */
public final class GeoIpIntelligence implements IpIntelligence, AutoCloseable {

    static final String LOGGER = "io.logintelemetry.geoip";

    private static final Set<NetworkType> NO_TYPES = Set.of();

    /** A cached answer, with the generation of the data it was computed from. */
    private static final class Cached {
        final long generation;
        final IpInfo info;
        /**
         * The last merge of {@link #info} with a second opinion's answer. Kept because that answer is
         * one instance for as long as the second opinion holds it, so the cached path allocates nothing.
         */
        volatile Merged merged;

        Cached(long generation, IpInfo info) {
            this.generation = generation;
            this.info = info;
        }
    }

    private record Merged(IpInfo second, IpInfo result) {
    }

    private final List<IpSource> sources;
    private final List<Reloadable<?>> watched;
    private final CuratedList builtinCurated;
    private final List<Reloadable<CuratedList>> curatedFiles;
    private final boolean curatedOn;
    private volatile CuratedAsns curated;
    private final Cache<IpAddress, Cached> cache;
    // Bumped after every swap: an answer computed before it is never served from the cache after it.
    private volatile long generation;
    private final SecondOpinion secondOpinion;
    /**
     * No source can ever answer: no file to load or reload, no second opinion, and the built-in curated
     * list classifies by an ASN that nothing supplies. Every look-up is then {@link IpInfo#UNKNOWN},
     * answered at once: the jar installed without databases, a common first deployment, would
     * otherwise cache the same empty answer for every address its requests come from.
     */
    private final boolean answersNothing;
    private final ScheduledExecutorService reloader;
    private final Logs.Logger log;
    private final RateLimitedLog lookupErrors;
    private final String startupSummary;
    private volatile boolean closed;

    private GeoIpIntelligence(LoginTelemetryConfig config, SecondOpinion secondOpinion, Logs.Logger log) {
        this.secondOpinion = Objects.requireNonNull(secondOpinion, "secondOpinion");
        this.log = log;
        this.lookupErrors = new RateLimitedLog(log, 60_000);
        List<IpSource> order = new ArrayList<>();
        List<Reloadable<?>> files = new ArrayList<>();

        List<Reloadable<MaxMindDatabase>> databases = new ArrayList<>();
        for (DatabaseRole role : DatabaseRole.values()) {
            String path = config.get(role.key()).trim();
            if (!path.isEmpty()) {
                Reloadable<MaxMindDatabase> db = new Reloadable<>(role.key().name(), Path.of(path),
                        file -> MaxMindDatabase.open(file, role), role.features(), log);
                db.start();
                databases.add(db);
                order.add(db);
                files.add(db);
            }
        }
        List<Reloadable<AsnRanges>> ranges = new ArrayList<>();
        for (String path : config.get(ConfigKeys.GEOIP_ASN_RANGES)) {
            Reloadable<AsnRanges> r = new Reloadable<>(ConfigKeys.GEOIP_ASN_RANGES.name(), Path.of(path), AsnRanges::load,
                    "ASN and organisation from this file", log);
            r.start();
            ranges.add(r);
            order.add(r);
            files.add(r);
        }
        Reloadable<TorExitList> tor = null;
        String torPath = config.get(ConfigKeys.GEOIP_TOR_EXIT_LIST).trim();
        if (!torPath.isEmpty()) {
            tor = new Reloadable<>(ConfigKeys.GEOIP_TOR_EXIT_LIST.name(), Path.of(torPath), TorExitList::load,
                    "Tor exit detection", log);
            tor.start();
            order.add(tor);
            files.add(tor);
        }
        builtinCurated = config.get(ConfigKeys.GEOIP_CURATED_BUILTIN) ? CuratedList.builtin() : null;
        curatedFiles = new ArrayList<>();
        for (String path : config.get(ConfigKeys.GEOIP_CURATED_FILES)) {
            Reloadable<CuratedList> c = new Reloadable<>(ConfigKeys.GEOIP_CURATED_FILES.name(), Path.of(path),
                    CuratedList::load, "the entries of this curated file", log);
            c.start();
            curatedFiles.add(c);
            files.add(c);
        }
        curatedOn = builtinCurated != null || !curatedFiles.isEmpty();
        if (curatedOn) {
            curated = mergeCurated();
            // Last: it classifies by the ASN the sources before it found.
            order.add(draft -> {
                CuratedAsns c = curated;
                if (c != null) {
                    c.contribute(draft);
                }
            });
        }
        this.sources = List.copyOf(order);
        this.watched = List.copyOf(files);
        // Without files, the sources are at most the built-in curated list, which needs an ASN.
        this.answersNothing = watched.isEmpty() && secondOpinion == SecondOpinion.NONE;

        int cacheSize = config.get(ConfigKeys.GEOIP_CACHE_SIZE);
        // Maintenance runs on the calling thread: no task on the common pool that could pin a webapp's
        // class loader after undeploy.
        this.cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();

        Duration interval = config.get(ConfigKeys.GEOIP_RELOAD_INTERVAL);
        this.startupSummary = summarize(databases, ranges, tor, interval);
        if (watched.isEmpty()) {
            reloader = null;
        } else {
            reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "logintelemetry-geoip-reload");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, interval.toMillis());
            reloader.scheduleWithFixedDelay(this::checkFilesSafely, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Loads every source configured in {@code config} (a missing or broken file is logged and skipped),
     * starts the reload thread, and logs one line naming the sources in use and the features missing.
     */
    public static GeoIpIntelligence open(LoginTelemetryConfig config, SecondOpinion secondOpinion) {
        return open(config, secondOpinion, Logs.get(LOGGER));
    }

    static GeoIpIntelligence open(LoginTelemetryConfig config, SecondOpinion secondOpinion, Logs.Logger log) {
        GeoIpIntelligence intelligence = new GeoIpIntelligence(config, secondOpinion, log);
        log.info(intelligence.startupSummary);
        return intelligence;
    }

    @Override
    public IpInfo lookup(IpAddress ip) {
        if (answersNothing) {
            return IpInfo.UNKNOWN;
        }
        Cached local = local(ip);
        IpInfo second;
        try {
            second = secondOpinion.cached(ip);
        } catch (RuntimeException e) {
            lookupErrors.error("Login Telemetry geoip: the second opinion failed; using local data", e);
            second = null;
        }
        if (second == null) {
            return local.info;
        }
        Merged merged = local.merged;
        if (merged != null && merged.second() == second) {
            return merged.result();
        }
        IpInfo result = prefer(second, local.info);
        local.merged = new Merged(second, result);
        return result;
    }

    private Cached local(IpAddress ip) {
        long current = generation;
        if (cache == null) {
            return new Cached(current, compute(ip));
        }
        Cached cached = cache.getIfPresent(ip);
        if (cached != null && cached.generation == current) {
            return cached;
        }
        Cached fresh = new Cached(current, compute(ip));
        cache.put(ip, fresh);
        return fresh;
    }

    private IpInfo compute(IpAddress ip) {
        Draft draft = new Draft(ip);
        for (IpSource source : sources) {
            try {
                source.contribute(draft);
            } catch (Exception e) {
                // One broken source must not cost the answers of the others.
                lookupErrors.error("Login Telemetry geoip: a source failed to look up " + ip + "; going on without it", e);
            }
        }
        return draft.toInfo();
    }

    /** The second opinion's fields where it knows them, the local ones elsewhere; the types of both. */
    static IpInfo prefer(IpInfo second, IpInfo local) {
        if (local == IpInfo.UNKNOWN) {
            return second;
        }
        Set<NetworkType> types;
        if (second.types().isEmpty() && local.types().isEmpty()) {
            types = NO_TYPES;
        } else {
            types = EnumSet.noneOf(NetworkType.class);
            types.addAll(second.types());
            types.addAll(local.types());
        }
        // Fields go in groups that must stay consistent: a city belongs to its country, a radius to its
        // position, an organisation to its ASN.
        boolean secondCountry = second.country() != null;
        boolean secondLocated = second.isLocated();
        boolean secondAsn = second.asn() != 0;
        String source = second.source() == null ? local.source()
                : local.source() == null ? second.source() : second.source() + ", " + local.source();
        return new IpInfo(
                secondCountry ? second.country() : local.country(),
                secondCountry ? second.city() : local.city(),
                secondAsn ? second.asn() : local.asn(),
                secondAsn ? second.organization() : local.organization(),
                types,
                secondLocated ? second.latitude() : local.latitude(),
                secondLocated ? second.longitude() : local.longitude(),
                secondLocated ? second.accuracyRadiusKm() : local.accuracyRadiusKm(),
                source);
    }

    @Override
    public void secondLook(IpAddress ip) {
        secondOpinion.request(ip);
    }

    /** Stops the reload thread and the second opinion. Lookups keep answering from what is loaded. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reloader != null) {
            // No interrupt: a load in progress finishes quietly instead of failing with a misleading warning.
            reloader.shutdown();
        }
        try {
            secondOpinion.close();
        } catch (RuntimeException e) {
            log.warn("Login Telemetry geoip: the second opinion failed to close: " + e);
        }
        // The MaxMind readers hold heap buffers only (FileMode.MEMORY): nothing to release, and closing
        // them would fail lookups still in flight.
    }

    /** The reload thread's task: it must survive anything one check throws, or reloading would stop. */
    private void checkFilesSafely() {
        try {
            checkFiles();
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("Login Telemetry geoip: checking the files for changes failed; trying again later", e);
        }
    }

    /** Re-checks every file and swaps in those that changed. Returns whether anything was swapped. */
    synchronized boolean checkFiles() {
        boolean changed = false;
        boolean curatedChanged = false;
        for (Reloadable<?> source : watched) {
            if (closed) {
                return changed;
            }
            if (source.check()) {
                changed = true;
                curatedChanged |= curatedFiles.contains(source);
            }
        }
        if (curatedChanged) {
            curated = mergeCurated();
        }
        if (changed) {
            generation++;
            if (cache != null) {
                cache.invalidateAll();
            }
        }
        return changed;
    }

    private CuratedAsns mergeCurated() {
        List<CuratedList> lists = new ArrayList<>();
        if (builtinCurated != null) {
            lists.add(builtinCurated);
        }
        for (Reloadable<CuratedList> file : curatedFiles) {
            CuratedList list = file.current();
            if (list != null) {
                lists.add(list);
            }
        }
        return CuratedAsns.merge(lists);
    }

    /** The start-up line: the sources in use and the features missing. */
    String startupSummary() {
        return startupSummary;
    }

    /** Whether the reload thread runs (some source is backed by a file). */
    boolean watchesFiles() {
        return reloader != null;
    }

    /** Entries in the cache, for tests (0 when it is off). */
    long cachedEntries() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private String summarize(List<Reloadable<MaxMindDatabase>> databases, List<Reloadable<AsnRanges>> ranges,
                             Reloadable<TorExitList> tor, Duration interval) {
        List<String> in = new ArrayList<>();
        boolean location = false;
        boolean asn = false;
        boolean anonymous = false;
        boolean connection = false;
        for (Reloadable<MaxMindDatabase> db : databases) {
            MaxMindDatabase data = db.current();
            if (data == null) {
                continue;
            }
            in.add(data.name() + " (" + db.file().getFileName() + ")");
            DatabaseKind kind = data.kind();
            location |= kind == DatabaseKind.CITY || kind == DatabaseKind.COUNTRY || kind == DatabaseKind.ENTERPRISE;
            asn |= kind == DatabaseKind.ASN || kind == DatabaseKind.ISP || kind == DatabaseKind.ENTERPRISE;
            anonymous |= kind == DatabaseKind.ANONYMOUS_IP;
            connection |= kind == DatabaseKind.CONNECTION_TYPE || kind == DatabaseKind.ENTERPRISE;
        }
        for (Reloadable<AsnRanges> r : ranges) {
            if (r.current() != null) {
                in.add("ASN ranges " + r.file().getFileName() + " (" + r.current().size() + " range" + (r.current().size() == 1 ? ")" : "s)"));
                asn = true;
            }
        }
        if (tor != null && tor.current() != null) {
            in.add("Tor exit list (" + tor.current().size() + " addresses)");
        }
        if (curatedOn) {
            in.add("curated list (" + curated.size() + " ASNs" + (builtinCurated == null ? ", shipped list off" : "")
                    + (curatedFiles.isEmpty() ? "" : ", " + curatedFiles.size() + " own file" + (curatedFiles.size() == 1 ? "" : "s"))
                    + (asn ? "" : "; idle: it classifies by ASN and no ASN source is loaded") + ")");
        }

        List<String> off = new ArrayList<>();
        if (!location) {
            off.add("country, city and location (" + ConfigKeys.GEOIP_CITY_DATABASE.name() + ")");
        }
        String asnKeys = ConfigKeys.GEOIP_ASN_DATABASE.name() + ", " + ConfigKeys.GEOIP_ISP_DATABASE.name() + " or "
                + ConfigKeys.GEOIP_ASN_RANGES.name();
        if (!asn) {
            off.add("ASN and organisation (" + asnKeys + ")");
        }
        if (!curatedOn) {
            off.add("hosting / VPN / mobile classification by the curated ASN list (" + ConfigKeys.GEOIP_CURATED_BUILTIN.name()
                    + "=false and no " + ConfigKeys.GEOIP_CURATED_FILES.name() + ")");
        } else if (!asn) {
            off.add("hosting / VPN / mobile classification by the curated ASN list (needs an ASN source: " + asnKeys + ")");
        }
        if (!anonymous) {
            off.add("MaxMind VPN / hosting / Tor / proxy flags (" + ConfigKeys.GEOIP_ANONYMOUS_IP_DATABASE.name() + ")");
        }
        if (!connection) {
            off.add("MaxMind cellular connection type (" + ConfigKeys.GEOIP_CONNECTION_TYPE_DATABASE.name() + ")");
        }
        if (tor == null || tor.current() == null) {
            off.add("Tor exit list (" + ConfigKeys.GEOIP_TOR_EXIT_LIST.name() + ")");
        }
        return "Login Telemetry geoip sources: " + (in.isEmpty() ? "none" : String.join(", ", in))
                + "; disabled features: " + (off.isEmpty() ? "none" : String.join(", ", off))
                + "; cache " + (cache == null ? "off" : "on")
                + (watched.isEmpty() ? "" : "; files re-checked every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
}
