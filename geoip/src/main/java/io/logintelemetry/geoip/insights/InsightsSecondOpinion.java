package io.logintelemetry.geoip.insights;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.maxmind.geoip2.WebServiceClient;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.exception.AuthenticationException;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.exception.HttpException;
import com.maxmind.geoip2.exception.InvalidRequestException;
import com.maxmind.geoip2.exception.OutOfQueriesException;
import com.maxmind.geoip2.exception.PermissionRequiredException;
import com.maxmind.geoip2.model.InsightsResponse;
import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.geoip.SecondOpinion;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.log.Logs;
import io.logintelemetry.net.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the MaxMind GeoIP2 Insights web service, through the official {@link WebServiceClient}, about
 * addresses the engine wants a second look at, and keeps the answers.
 *
 * <p>{@link #request} and {@link #cached} never block and never do network I/O: a request only puts
 * the address on a small bounded queue (dropped and counted when full) that one daemon thread
 * serves. That thread holds the limits, because every query costs credit: at most
 * {@code geoip.insights.max-per-second} queries a second, at most {@code geoip.insights.daily-budget}
 * a UTC day, each address asked once while its answer is fresh ({@code geoip.insights.cache-ttl}).
 *
 * <p>Failures degrade to "no second opinion": timeouts, I/O errors and server errors are counted,
 * logged at most once a minute, and remembered briefly for the address so it is not asked again at
 * once; HTTP 429 makes the worker back off. Refused credentials (401, 403) stop all queries until
 * restart, an exhausted account (402) until the next UTC day, each with one clear log line. The
 * license key is never logged.
 */
public final class InsightsSecondOpinion implements SecondOpinion {

    /** Logger name, shared with the rest of the product's naming. */
    static final String LOGGER_NAME = "io.logintelemetry.geoip.insights";

    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Queries the service: {@link WebServiceClient#insights(InetAddress)} outside tests. */
    @FunctionalInterface
    interface Lookup {
        InsightsResponse insights(InetAddress address) throws IOException, GeoIp2Exception;
    }

    /**
     * Knobs that are not configuration keys: sizes and the short memories of failures. Tests shrink
     * them to keep each test fast.
     */
    record Tuning(int queueCapacity, long cacheSize, Duration errorTtl, Duration notFoundTtl,
                  Duration initialBackoff, Duration maxBackoff, Duration closeWait) {

        static final Tuning DEFAULT = new Tuning(64, 10_000, Duration.ofMinutes(1), Duration.ofHours(12),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(2));
    }

    /** What we keep per address: an answer, or the fact that asking again soon is pointless (info null). */
    private record Entry(IpInfo info, long ttlNanos) {
    }

    private final Lookup lookup;
    private final String licenseKey;
    private final String accountId;
    private final int maxPerSecond;
    private final int dailyBudget;
    private final long answerTtlNanos;
    private final Tuning tuning;
    private final Clock clock;
    private final Logs.Logger log;

    private final Cache<IpAddress, Entry> cache;
    private final Set<IpAddress> inFlight = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<IpAddress> queue;
    private final Thread worker;

    private volatile boolean running = true;
    /** Set by the worker on 401/403: the credentials will not start working without a restart. */
    private volatile boolean stopped;

    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skippedForBudget = new AtomicLong();
    private final AtomicLong skippedWhileStopped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    // The worker's own state: only the worker thread reads or writes these.
    private LocalDate budgetDay;
    private int usedToday;
    private LocalDate budgetLoggedDay;
    private LocalDate outOfQueriesDay;
    private long nextSlotNanos;
    private long backoffNanos;
    private long backoffUntilNanos;
    private boolean backingOff;
    private long nextWarnNanos;
    private boolean warnedOnce;
    private int suppressedWarnings;

    private InsightsSecondOpinion(Lookup lookup, String accountId, String licenseKey, int maxPerSecond,
                                  int dailyBudget, Duration cacheTtl, Tuning tuning, Clock clock, Logs.Logger log) {
        this.lookup = lookup;
        this.accountId = accountId;
        this.licenseKey = licenseKey;
        this.maxPerSecond = maxPerSecond;
        this.dailyBudget = dailyBudget;
        this.answerTtlNanos = cacheTtl.toNanos();
        this.tuning = tuning;
        this.clock = clock;
        this.log = log;
        this.queue = new ArrayBlockingQueue<>(tuning.queueCapacity());
        // nanoTime may be negative: the first slot is "now", not 0.
        this.nextSlotNanos = System.nanoTime();
        this.cache = Caffeine.newBuilder()
                .maximumSize(tuning.cacheSize())
                .expireAfter(new Expiry<IpAddress, Entry>() {
                    @Override
                    public long expireAfterCreate(IpAddress key, Entry value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(IpAddress key, Entry value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(IpAddress key, Entry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                // Maintenance on the calling threads: no tasks on the common pool of a servlet container.
                .executor(Runnable::run)
                .build();
        this.worker = new Thread(this::work, "logintelemetry-insights");
        this.worker.setDaemon(true);
    }

    /**
     * The Insights second opinion the configuration asks for: {@link SecondOpinion#NONE} when
     * {@code geoip.insights.enabled} is false, else a running client.
     *
     * @throws ConfigException naming the key when Insights is enabled without an account id or
     *                         license key, or with an account id that is not a number
     */
    public static SecondOpinion fromConfig(LoginTelemetryConfig config) {
        return fromConfig(config, Clock.systemUTC(), Logs.get(LOGGER_NAME), Tuning.DEFAULT);
    }

    static SecondOpinion fromConfig(LoginTelemetryConfig config, Clock clock, Logs.Logger log, Tuning tuning) {
        if (!config.get(ConfigKeys.INSIGHTS_ENABLED)) {
            return SecondOpinion.NONE;
        }
        String enabledKey = ConfigKeys.INSIGHTS_ENABLED.name();
        String accountText = config.get(ConfigKeys.INSIGHTS_ACCOUNT_ID).trim();
        if (accountText.isEmpty()) {
            throw new ConfigException(ConfigKeys.INSIGHTS_ACCOUNT_ID.name(), "is required when " + enabledKey + " is true");
        }
        int account;
        try {
            account = Integer.parseInt(accountText);
        } catch (NumberFormatException e) {
            account = -1;
        }
        if (account <= 0) {
            throw new ConfigException(ConfigKeys.INSIGHTS_ACCOUNT_ID.name(), "must be a MaxMind account id (a positive number)");
        }
        String licenseKey = config.get(ConfigKeys.INSIGHTS_LICENSE_KEY).trim();
        if (licenseKey.isEmpty()) {
            throw new ConfigException(ConfigKeys.INSIGHTS_LICENSE_KEY.name(), "is required when " + enabledKey + " is true");
        }
        String host = config.get(ConfigKeys.INSIGHTS_HOST).trim();
        if (host.isEmpty()) {
            throw new ConfigException(ConfigKeys.INSIGHTS_HOST.name(), "is required when " + enabledKey + " is true");
        }
        Duration timeout = config.get(ConfigKeys.INSIGHTS_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigException(ConfigKeys.INSIGHTS_TIMEOUT.name(), "must be positive");
        }
        Duration cacheTtl = config.get(ConfigKeys.INSIGHTS_CACHE_TTL);
        if (cacheTtl.isZero() || cacheTtl.isNegative()) {
            throw new ConfigException(ConfigKeys.INSIGHTS_CACHE_TTL.name(), "must be positive");
        }
        WebServiceClient.Builder builder = new WebServiceClient.Builder(account, licenseKey)
                .host(host)
                .port(config.get(ConfigKeys.INSIGHTS_PORT))
                .connectTimeout(timeout)
                .requestTimeout(timeout)
                // One attempt per query: a silent retry would spend credit and rate outside our count.
                .maxRetries(0);
        if (!config.get(ConfigKeys.INSIGHTS_TLS)) {
            builder.disableHttps();
        }
        WebServiceClient client = builder.build();
        int budget = config.get(ConfigKeys.INSIGHTS_DAILY_BUDGET);
        if (budget == 0) {
            log.warn("GeoIP2 Insights is enabled with " + ConfigKeys.INSIGHTS_DAILY_BUDGET.name()
                    + "=0: no query will be sent");
        }
        return start(client::insights, accountText, licenseKey, config.get(ConfigKeys.INSIGHTS_MAX_PER_SECOND),
                budget, cacheTtl, tuning, clock, log);
    }

    /** Creates one and starts its worker. */
    static InsightsSecondOpinion start(Lookup lookup, String accountId, String licenseKey, int maxPerSecond,
                                       int dailyBudget, Duration cacheTtl, Tuning tuning, Clock clock, Logs.Logger log) {
        InsightsSecondOpinion opinion = new InsightsSecondOpinion(lookup, accountId, licenseKey, maxPerSecond,
                dailyBudget, cacheTtl, tuning, clock, log);
        // Started only once fully built: a thread started in the constructor could see it half-made.
        opinion.worker.start();
        return opinion;
    }

    @Override
    public IpInfo cached(IpAddress ip) {
        Entry entry = cache.getIfPresent(ip);
        return entry == null ? null : entry.info();
    }

    @Override
    public void request(IpAddress ip) {
        if (!running) {
            return;
        }
        if (stopped) {
            skippedWhileStopped.incrementAndGet();
            return;
        }
        if (cache.getIfPresent(ip) != null || !inFlight.add(ip)) {
            return;
        }
        if (!queue.offer(ip)) {
            inFlight.remove(ip);
            dropped.incrementAndGet();
        }
    }

    /** Stops the worker, cancelling a query under way, and waits briefly for it to end. */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        queue.clear();
        try {
            worker.join(tuning.closeWait().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queries sent to the service (each one may cost credit). */
    public long queries() {
        return queries.get();
    }

    /** Queries answered with data about the address. */
    public long answers() {
        return answers.get();
    }

    /** Queries answered "address not found" (or reserved): remembered so they are not asked again soon. */
    public long notFound() {
        return notFound.get();
    }

    /** Queries that failed: timeouts, I/O and server errors, 429, refused credentials, out of queries. */
    public long errors() {
        return errors.get();
    }

    /** Requests not sent because today's budget was used up or the account was out of queries. */
    public long skippedForBudget() {
        return skippedForBudget.get();
    }

    /** Requests ignored because the service refused our credentials (until restart). */
    public long skippedWhileStopped() {
        return skippedWhileStopped.get();
    }

    /** Requests dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Whether refused credentials stopped all queries until restart. */
    public boolean isStopped() {
        return stopped;
    }

    /** For tests: whether the worker thread still runs. */
    boolean isWorkerAlive() {
        return worker.isAlive();
    }

    private void work() {
        try {
            while (running) {
                IpAddress ip = queue.take();
                try {
                    serve(ip);
                } catch (RuntimeException e) {
                    // One odd answer must not end the second opinion for every later address.
                    warn("GeoIP2 Insights answer could not be used: " + e.getClass().getSimpleName() + ": "
                            + redact(e.getMessage()));
                    errors.incrementAndGet();
                } finally {
                    // After the answer went into the cache: a request in between sees one or the other.
                    inFlight.remove(ip);
                }
            }
        } catch (InterruptedException e) {
            // close(): leave quietly.
        } catch (Error e) {
            stopped = true;
            log.error("GeoIP2 Insights worker failed; no more Insights queries until restart", e);
        } finally {
            inFlight.clear();
        }
    }

    /** Asks about one address within the limits; returns when done, throws when interrupted (closing). */
    private void serve(IpAddress ip) throws InterruptedException {
        if (stopped) {
            skippedWhileStopped.incrementAndGet();
            return;
        }
        if (cache.getIfPresent(ip) != null) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(budgetDay)) {
            budgetDay = today;
            usedToday = 0;
        }
        if (today.equals(outOfQueriesDay)) {
            skippedForBudget.incrementAndGet();
            return;
        }
        if (usedToday >= dailyBudget) {
            skippedForBudget.incrementAndGet();
            if (!today.equals(budgetLoggedDay)) {
                budgetLoggedDay = today;
                log.warn("GeoIP2 Insights daily budget of " + dailyBudget + " queries is used up for " + today
                        + " (UTC); further requests are skipped until the next UTC day ("
                        + ConfigKeys.INSIGHTS_DAILY_BUDGET.name() + ")");
            }
            return;
        }
        if (backingOff && !sleepUntil(backoffUntilNanos)) {
            throw new InterruptedException();
        }
        if (!sleepUntil(nextSlotNanos)) {
            throw new InterruptedException();
        }
        // Slots are spaced evenly, without bursts: any second then holds at most max-per-second queries.
        nextSlotNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1) / maxPerSecond;
        usedToday++; // counted when sent: a query that fails on our side may still have been billed
        queries.incrementAndGet();
        try {
            IpInfo info = InsightsMapping.toIpInfo(lookup.insights(ip.toInetAddress()));
            backingOff = false;
            backoffNanos = 0;
            cache.put(ip, new Entry(info, answerTtlNanos));
            answers.incrementAndGet();
        } catch (AddressNotFoundException e) {
            // The service has nothing on it (or it is reserved); asking again tomorrow will not change that.
            remember(ip, tuning.notFoundTtl());
            notFound.incrementAndGet();
        } catch (AuthenticationException | PermissionRequiredException e) {
            log.error("GeoIP2 Insights refused account " + accountId + " ("
                    + (e instanceof AuthenticationException ? "authentication failed" : "no permission for Insights")
                    + ": " + redact(e.getMessage()) + "); no more Insights queries until restart. Check "
                    + ConfigKeys.INSIGHTS_ACCOUNT_ID.name() + " and " + ConfigKeys.INSIGHTS_LICENSE_KEY.name(), null);
            errors.incrementAndGet();
            stopped = true;
            queue.clear();
        } catch (OutOfQueriesException e) {
            outOfQueriesDay = today;
            log.error("GeoIP2 Insights: account " + accountId + " is out of queries (" + redact(e.getMessage())
                    + "); no more Insights queries until the next UTC day", null);
            errors.incrementAndGet();
        } catch (HttpException e) {
            if (e.httpStatus() == 429) {
                // Too many requests: slow down for everyone, but do not hold the address against itself.
                backoffNanos = backoffNanos == 0 ? tuning.initialBackoff().toNanos()
                        : Math.min(backoffNanos * 2, tuning.maxBackoff().toNanos());
                backoffUntilNanos = System.nanoTime() + backoffNanos;
                backingOff = true;
                warn("GeoIP2 Insights answered 429 (too many requests); backing off for "
                        + TimeUnit.NANOSECONDS.toMillis(backoffNanos) + " ms");
            } else {
                remember(ip, tuning.errorTtl());
                warn("GeoIP2 Insights query failed with HTTP " + e.httpStatus() + ": " + redact(e.getMessage()));
            }
            errors.incrementAndGet();
        } catch (InvalidRequestException e) {
            // A 4xx about this address (e.g. IP_ADDRESS_INVALID): asking again would get the same.
            remember(ip, tuning.notFoundTtl());
            warn("GeoIP2 Insights refused the query (" + e.code() + "): " + redact(e.getMessage()));
            errors.incrementAndGet();
        } catch (HttpTimeoutException e) {
            remember(ip, tuning.errorTtl());
            warn("GeoIP2 Insights query timed out: " + redact(e.getMessage()));
            errors.incrementAndGet();
        } catch (IOException | GeoIp2Exception e) {
            if (Thread.currentThread().isInterrupted() || !running) {
                // The client turns an interrupt into an exception: we are closing, not failing.
                throw new InterruptedException();
            }
            remember(ip, tuning.errorTtl());
            warn("GeoIP2 Insights query failed: " + e.getClass().getSimpleName() + ": " + redact(e.getMessage()));
            errors.incrementAndGet();
        }
        // Counters are bumped last in each branch: whoever sees a count also sees the cache entry and log line.
    }

    private void remember(IpAddress ip, Duration ttl) {
        cache.put(ip, new Entry(null, ttl.toNanos()));
    }

    /** Sleeps until {@code deadline} (System.nanoTime); false when interrupted. */
    private static boolean sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !Thread.currentThread().isInterrupted();
    }

    /** A transient failure: at most one line a minute, saying how many were left out since. */
    private void warn(String message) {
        long now = System.nanoTime();
        if (!warnedOnce || now - nextWarnNanos >= 0) {
            warnedOnce = true;
            nextWarnNanos = now + WARN_INTERVAL_NANOS;
            String more = suppressedWarnings > 0 ? " (" + suppressedWarnings + " similar failures since the last message)" : "";
            suppressedWarnings = 0;
            log.warn(message + more + "; the second opinion is skipped for now");
        } else {
            suppressedWarnings++;
        }
    }

    /** The service's messages should not echo the key, but we do not stake the secret on that. */
    private String redact(String message) {
        if (message == null) {
            return "";
        }
        return licenseKey.isEmpty() ? message : message.replace(licenseKey, "[license key]");
    }

    @Override
    public String toString() {
        return "InsightsSecondOpinion{account=" + accountId + ", maxPerSecond=" + maxPerSecond
                + ", dailyBudget=" + dailyBudget + '}';
    }
}
