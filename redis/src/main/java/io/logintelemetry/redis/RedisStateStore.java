package io.logintelemetry.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.sink.HandOff;
import io.logintelemetry.state.AccountSet;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.EngineAccess;
import io.logintelemetry.state.EventClock;
import io.logintelemetry.state.InMemoryStateStore;
import io.logintelemetry.state.MarketplaceStore;
import io.logintelemetry.state.SessionState;
import io.logintelemetry.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * State shared by a cluster of app nodes through Redis ({@code logintelemetry.state.store=redis}).
 *
 * <p>The engine keeps working on local objects, an {@link InMemoryStateStore} used as near-cache,
 * exactly as with the in-memory store: nothing on the request thread waits on Redis. Each activity
 * event is also put on a bounded queue; one worker thread applies it to Redis with Lua scripts
 * (atomic, so nodes updating one account at once lose nothing), reads back what the other nodes
 * recorded for the account, its address and its device, folds that into the local objects, and runs
 * the detectors again on the merged state. On a single server it sends up to {@link #BATCH} events'
 * scripts at once and then reads their answers in queue order (a pipeline: one round trip for them
 * all); on Redis Cluster one event at a time. Flags raised that way act on the account's following
 * requests like any flag. Every flag, however raised, passes a cluster-wide check before it reaches
 * the sinks, so that one account, signal and severity is delivered once within the score window
 * whichever node saw it first.
 *
 * <p>When Redis is slow or down, requests are unaffected: events wait in the queue (overflow is
 * counted and dropped), detection goes on with this node's own state, flags wait up to ten seconds for
 * the cluster-wide check and are then delivered without it, and Lettuce reconnects by itself. A Redis
 * found emptied (restarted without persistence) gets back the flags this node knows were delivered.
 */
public final class RedisStateStore implements StateStore {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry.redis");
    private static final RateLimitedLog ERRORS = new RateLimitedLog(LOG, 60_000);
    private static final long HOUR = 3_600_000L;
    private static final long ACCOUNT_TTL = Duration.ofDays(8).toMillis();
    private static final int EVENTS_KEPT = 2_000;
    private static final int ACCOUNTS_KEPT = 1_000;
    private static final int FLAG_QUEUE = 10_000;
    private static final int CURSORS_KEPT = 100_000;
    private static final long REQUEST_EVERY = 60_000L;
    /** How long a flag waits for Redis to come back before it is delivered unchecked. */
    private static final long FLAG_HOLD_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long EPOCH_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long EPOCH_TTL = Duration.ofDays(1).toMillis();
    /**
     * Most events whose scripts go to a single server together (see {@link #applyBatch}). Enough to
     * make the round trip a small part of each event's cost; small enough that a batch waits for
     * little and that the events a timeout sends again are few.
     */
    static final int BATCH = 64;

    private final InMemoryStateStore local;
    private final RedisSettings settings;
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    private final long ipWindow;
    private final long deviceWindow;
    private final long flagWindow;
    /** Events for the worker; one counts until applied or left out, so the queue never reads idle while the worker holds one. */
    private final HandOff<Event> events;
    private final ArrayBlockingQueue<Pending> flags = new ArrayBlockingQueue<>(FLAG_QUEUE);
    private final RedisLink link;
    private final Thread worker;
    private volatile EngineAccess engine;
    private volatile List<FlagSink> sinks = List.of();
    private volatile boolean running = true;
    /** Whether the worker holds an event or flag it took off a queue; read by {@link #awaitIdle}. */
    private volatile boolean busy;
    /** Whether the last Redis command failed; the worker's view, read for the counters. */
    private volatile boolean down;
    private volatile boolean everConnected;

    // Counted on request threads: adders, so requests do not fight over one counter.
    private final LongAdder queued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong merged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong ungated = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    /** Round trips of {@link #applyBatch}: against {@code applied}, how well the pipeline fills. */
    private final AtomicLong batches = new AtomicLong();
    /** Events Redis refused for good (see {@link #refusedForGood}). */
    private final AtomicLong skipped = new AtomicLong();

    // Worker thread only.
    /** Per account: the last event sequence number in Redis this node holds. */
    private final LinkedHashMap<String, Long> cursors = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CURSORS_KEPT;
        }
    };
    /** Flags this node knows were delivered (by any node), by key: reasserted when Redis comes back empty. */
    private final LinkedHashMap<String, Long> raised = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CURSORS_KEPT;
        }
    };
    /**
     * Per account: the last request shared, as {time, address and device hash}. A request from the
     * same address and device within {@link #REQUEST_EVERY} of it adds nothing another node needs but
     * a little active time, so it is not sent: requests outnumber logins by far.
     */
    private final LinkedHashMap<String, long[]> lastShared = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > CURSORS_KEPT;
        }
    };
    /** The events taken off the queue and not yet applied: one on Redis Cluster, up to {@link #BATCH} on a single server. */
    private final Batch batch = new Batch();
    /** On Redis Cluster: the step of the batch's one event to run next. */
    private int stage;
    /** Whether to check next that Redis still holds what this node put there (after a failure, and every second). */
    private boolean checkEpoch = true;
    private long nextEpochCheck;
    private boolean epochSet;
    /** Until when flags wait after Redis was found emptied, so that every node can put back what it knows first. */
    private long gateOpensAt = System.nanoTime();

    /** Whether an event goes to Redis in one script: on a single server, where all its keys live together. */
    private final boolean oneScript;

    private RedisStateStore(LoginTelemetryConfig config, RedisSettings settings, boolean oneScript) {
        this.local = new InMemoryStateStore(config);
        this.settings = settings;
        this.oneScript = oneScript;
        this.ipWindow = config.get(ConfigKeys.IP_FANOUT_WINDOW).toMillis();
        this.deviceWindow = config.get(ConfigKeys.DEVICE_FANOUT_WINDOW).toMillis();
        this.flagWindow = config.get(ConfigKeys.SCORE_WINDOW).toMillis();
        this.events = new HandOff<>(settings.queueCapacity());
        this.link = new RedisLink(settings);
        this.worker = new Thread(this::work, "logintelemetry-redis");
        this.worker.setDaemon(true);
    }

    /**
     * A store for {@code config}'s {@code logintelemetry.state.redis.*} settings, its keys under the
     * key prefix alone: for an engine of its own (tests, an application embedding the engine). The
     * servlet glue and the Java agent use {@link #create(LoginTelemetryConfig, String)}, whose keys
     * also carry the web application's context path; the two never share state. Does not connect:
     * the worker does, once an engine is attached, and keeps trying while Redis is unreachable.
     *
     * @throws io.logintelemetry.config.ConfigException naming the key when a setting is unusable
     */
    public static RedisStateStore create(LoginTelemetryConfig config) {
        return create(config, RedisSettings.from(config));
    }

    /**
     * As {@link #create(LoginTelemetryConfig)}, for one web application: its keys start with the
     * configured prefix and then {@code instance} (its context path), so that the web applications of
     * one JVM (all configured at once by the Java agent or by environment variables) never share state.
     */
    public static RedisStateStore create(LoginTelemetryConfig config, String instance) {
        RedisSettings settings = RedisSettings.from(config);
        return create(config, settings.withPrefix(settings.prefix() + RedisSettings.keySpace(instance) + ":"));
    }

    private static RedisStateStore create(LoginTelemetryConfig config, RedisSettings settings) {
        LOG.info("Login Telemetry state store: Redis " + settings.describe() + ", key prefix '" + settings.prefix() + "'");
        return new RedisStateStore(config, settings, !settings.cluster());
    }

    /** As {@link #create}, with the per-shard scripts of Redis Cluster even on one server (for tests). */
    static RedisStateStore createWithClusterScripts(LoginTelemetryConfig config) {
        return new RedisStateStore(config, RedisSettings.from(config), false);
    }

    // ---- StateStore: the local objects ----

    @Override
    public AccountState account(String account) {
        return local.account(account);
    }

    @Override
    public AccountState existingAccount(String account) {
        return local.existingAccount(account);
    }

    @Override
    public AccountSet ip(IpAddress ip) {
        return local.ip(ip);
    }

    @Override
    public AccountSet ipOf(IpAddress ip, AccountState account, long time) {
        return local.ipOf(ip, account, time);
    }

    @Override
    public AccountSet device(String device) {
        return local.device(device);
    }

    @Override
    public SessionState session(String session) {
        return local.session(session);
    }

    @Override
    public SessionState session(String session, AccountState owner) {
        return local.session(session, owner);
    }

    @Override
    public void endSession(String session) {
        local.endSession(session);
    }

    @Override
    public EventClock clock() {
        return local.clock();
    }

    @Override
    public Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>(local.sizes());
        sizes.putAll(counters()); // shown in JMX with the sizes: there is no other place for a store's counters
        return sizes;
    }

    @Override
    public boolean retiresDroppedSessions() {
        return local.retiresDroppedSessions();
    }

    @Override
    public boolean retiresDroppedSets() {
        return local.retiresDroppedSets();
    }

    @Override
    public long recheckAfterMillis() {
        return local.recheckAfterMillis();
    }

    @Override
    public MarketplaceStore marketplace() {
        return local.marketplace();
    }

    // ---- StateStore: the shared part ----

    @Override
    public synchronized void attach(EngineAccess engine) {
        if (this.engine == null) {
            this.engine = engine;
            worker.start();
        }
    }

    @Override
    public void processed(Event event) {
        if (!event.isActivity()) {
            return; // sessions, marketplace and profile events stay on the node that saw them
        }
        if (events.offer(event)) {
            queued.increment();
        } else {
            dropped.increment(); // full, or the store closed: an event nobody would take is counted, not kept
        }
    }

    @Override
    public List<FlagSink> routeFlags(List<FlagSink> configured) {
        this.sinks = List.copyOf(configured);
        return List.of(new OnceSink());
    }

    /**
     * Counters: events queued, dropped (queue full, or given after close), applied to Redis, left out
     * (a request soon after the account's last one from the same address and device), merged from other nodes;
     * Redis failures; flags delivered, suppressed (another node delivered them) and delivered
     * unchecked (Redis unreachable); whether Redis is reachable now.
     */
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("redis.queued", queued.sum());
        c.put("redis.queue_size", (long) events.unfinished());
        c.put("redis.dropped", dropped.sum());
        c.put("redis.applied", applied.get());
        c.put("redis.coalesced", coalesced.get());
        c.put("redis.batches", batches.get());
        c.put("redis.skipped", skipped.get());
        c.put("redis.merged", merged.get());
        c.put("redis.failures", failures.get());
        c.put("redis.flags_delivered", delivered.get());
        c.put("redis.flags_suppressed", suppressed.get());
        c.put("redis.flags_unchecked", ungated.get());
        c.put("redis.up", everConnected && !down ? 1L : 0L);
        return c;
    }

    /**
     * Waits until both queues are empty and the worker holds nothing, at most {@code timeout};
     * whether it got there. For tests and an orderly shutdown, never a request.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (events.unfinished() == 0 && flags.isEmpty() && !busy) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /**
     * Applies what is queued while Redis answers (at most the command timeout, times two, when it
     * does not), stops the worker, delivers the flags still waiting without the cluster-wide check,
     * and closes the connection.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        if (worker.isAlive() && !down) {
            try {
                awaitIdle(settings.timeout().multipliedBy(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
        // Refuses (and so counts as dropped) the events of requests still coming in; an event the
        // queue took before is in the count warned about below, whatever the timing of its offer.
        events.close();
        worker.interrupt();
        try {
            worker.join(settings.timeout().multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = flags.poll()) != null) {
            deliver(p);
            ungated.incrementAndGet();
        }
        link.close();
        if (events.unfinished() > 0) {
            LOG.warn("Login Telemetry closed with " + events.unfinished() + " event(s) not applied to Redis");
        }
    }

    // ---- the worker ----

    private void work() {
        long backoff = 50;
        while (running) {
            try {
                if (checkEpoch || System.nanoTime() - nextEpochCheck >= 0) {
                    verifyEpoch();
                }
                drainFlags();
                if (!take()) {
                    continue;
                }
                if (oneScript) {
                    applyBatch();
                } else {
                    Event event = batch.first();
                    applyStaged(event);
                    finished(event);
                }
                backoff = 50;
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RedisException e) {
                if (!running) {
                    break; // close() interrupted a wait for answers: shutting down, not Redis away
                }
                if (refusedForGood(e) && batch.first() != null) {
                    skip(batch.first(), e); // Redis Cluster's staged event: the others wait behind it
                    continue;
                }
                // The events without an answer stay in the batch, in order, and go again after the back-off.
                wentDown(e);
                try {
                    // Flags wait a little for Redis, then go out unchecked (see drainFlags).
                    drainFlags();
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    if (!running) {
                        break;
                    }
                } catch (RuntimeException ignored) {
                    // counted where it failed
                }
                backoff = Math.min(backoff * 2, 2_000);
            } catch (RuntimeException e) {
                // Not Redis being away but a defect, or an answer we cannot read: retrying the same
                // event would hold up every event behind it for good. It stays in local state.
                // (applyBatch gives up its events one by one: what gets here from it failed before
                // anything was sent, and the first event goes, as a single event went before batches.)
                ERRORS.error("Login Telemetry could not share an event through Redis; it is skipped", e);
                if (batch.first() != null) {
                    finished(batch.first());
                }
            }
        }
        busy = false;
    }

    /**
     * Tops the batch up from the queue, in queue order: waits a little for a first event when the
     * worker holds none, then takes only what is already queued, until the batch is full (one event
     * on Redis Cluster) or as many events wait for their account's turn ({@link Batch}). Requests left out
     * ({@link #coalesce}) are finished at once. Whether there is an event to apply.
     */
    private boolean take() throws InterruptedException {
        int limit = oneScript ? BATCH : 1;
        while (batch.wantsMore(limit)) {
            Event event;
            if (batch.isEmpty()) {
                busy = false;
                event = events.poll(20, TimeUnit.MILLISECONDS);
                if (event == null) {
                    return false;
                }
                busy = true;
            } else {
                event = events.poll();
                if (event == null) {
                    break;
                }
            }
            if (coalesce(event)) {
                events.done();
            } else {
                batch.add(event);
            }
        }
        return batch.first() != null;
    }

    /**
     * Whether Redis answered a script with an error that sending it again cannot cure: a script
     * error ({@code ERR}) or a key of ours holding another type ({@code WRONGTYPE}, written by
     * something else). Retried, such an event would hold up its account's later events, and with
     * them the batches, for good. Refusals an operator or a failover may lift ({@code NOPERM},
     * {@code OOM}, {@code BUSY}, {@code READONLY}, {@code LOADING}...) are retried.
     */
    private static boolean refusedForGood(RedisException e) {
        if (!(e instanceof io.lettuce.core.RedisCommandExecutionException)) {
            return false;
        }
        String m = e.getMessage();
        return m != null && (m.startsWith("ERR") || m.startsWith("WRONGTYPE"));
    }

    /** Gives up an event Redis refused for good: logged (rate-limited), counted, and kept in local state only. */
    private void skip(Event event, RedisException e) {
        skipped.incrementAndGet();
        ERRORS.error("Login Telemetry could not share an event through Redis (" + describe(e)
                + "); it is skipped and stays in this node's state", null);
        finished(event);
    }

    /** The worker is done with {@code event}: applied, or given up for a reason other than Redis. */
    private void finished(Event event) {
        batch.finished(event);
        stage = 0;
        events.done();
    }

    /** Whether {@code event} is a request close enough to the last one shared to be left out. */
    private boolean coalesce(Event event) {
        long where = java.util.Objects.hash(event.ip(), event.device());
        if (event.type() != io.logintelemetry.event.EventType.REQUEST) {
            lastShared.put(event.account(), new long[] {event.timestamp(), where});
            return false;
        }
        long[] last = lastShared.get(event.account());
        if (last != null && last[1] == where && event.timestamp() >= last[0] && event.timestamp() - last[0] < REQUEST_EVERY) {
            coalesced.incrementAndGet();
            return true;
        }
        lastShared.put(event.account(), new long[] {event.timestamp(), where});
        return false;
    }

    /**
     * The batch on a single server, where all of an event's keys live together: one script per event,
     * all sent before any answer is awaited (a pipeline: one round trip for the batch instead of one
     * per event), the answers then applied in queue order, each as soon as it is in. Redis runs the
     * scripts in the order sent, and the batch has one event per account (see {@link Batch}).
     *
     * <p>An event whose answer does not come (Redis went away, or did not answer within the command
     * timeout) stays in the batch, in its place, and is sent again after the back-off; the events
     * answered are finished as usual, so that none is lost, skipped or sent twice by a retry.
     */
    private void applyBatch() {
        List<Event> sent = new ArrayList<>();
        List<RedisLink.Call> calls = new ArrayList<>();
        for (Event event : batch.events()) {
            try {
                calls.add(oneServerCall(event));
                sent.add(event);
            } catch (RuntimeException e) {
                ERRORS.error("Login Telemetry could not share an event through Redis; it is skipped", e);
                finished(event);
            }
        }
        List<RedisLink.Reply<List<Object>>> replies = link.send(calls); // throws only when nothing was sent
        batches.incrementAndGet();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        RedisException failure = null;
        for (int i = 0; i < sent.size(); i++) {
            Event event = sent.get(i);
            try {
                List<Object> answer = link.await(replies.get(i), deadline);
                connected();
                absorbAnswer(event, answer); // no Redis command: cannot throw a RedisException after Redis counted the event
            } catch (RedisException e) {
                if (refusedForGood(e)) {
                    skip(event, e);
                    continue;
                }
                if (failure == null) {
                    failure = e;
                }
                continue; // kept for the retry
            } catch (RuntimeException e) {
                // Not Redis being away but a defect, or an answer we cannot read: sending it again would
                // not help. It stays in local state.
                ERRORS.error("Login Telemetry could not share an event through Redis; it is skipped", e);
            }
            finished(event);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The one script of an event on a single server ({@link Scripts#EVENT_ONE_SERVER}). */
    private RedisLink.Call oneServerCall(Event event) {
        String tag = accountTag(event);
        String ipKey = ipKey(event);
        String deviceKey = deviceKey(event);
        List<String> keys = new ArrayList<>(List.of(tag + "seq", tag + "ev", tag + "h"));
        if (ipKey != null) {
            keys.add(ipKey);
        }
        if (deviceKey != null) {
            keys.add(deviceKey);
        }
        String[] args = new String[15];
        System.arraycopy(accountArgs(event), 0, args, 0, 6);
        args[6] = ipKey != null ? "1" : "0";
        args[7] = deviceKey != null ? "1" : "0";
        args[8] = event.account();
        args[9] = String.valueOf(event.timestamp());
        args[10] = String.valueOf(ipWindow + HOUR);
        args[11] = String.valueOf(ipWindow);
        args[12] = String.valueOf(deviceWindow + HOUR);
        args[13] = String.valueOf(deviceWindow);
        args[14] = String.valueOf(ACCOUNTS_KEPT);
        return new RedisLink.Call(Scripts.EVENT_ONE_SERVER, ScriptOutputType.MULTI, keys.toArray(new String[0]), args);
    }

    /** Folds the answer to {@link #oneServerCall} into the local state and runs the detectors on it. */
    private void absorbAnswer(Event event, List<Object> answer) {
        absorbOthers(event.account(), answer);
        if (event.ip() != null) {
            mergeIntoAddress(event, strings(answer.get(2)));
        }
        if (event.device() != null) {
            mergeInto(local.device(event.device()), strings(answer.get(3)));
        }
        reconsider(event);
    }

    /**
     * One event on Redis Cluster, where the account's, the address's and the device's keys live on
     * different shards: three scripts, resumed at the step that failed last time so that no step is
     * counted twice. One event at a time: each step waits for its answer (batching these as on a single
     * server would need a pipeline per shard).
     */
    private void applyStaged(Event event) {
        String ipKey = ipKey(event);
        String deviceKey = deviceKey(event);
        if (stage == 0) {
            String tag = accountTag(event);
            List<Object> result = link.eval(Scripts.ACCOUNT_EVENT, ScriptOutputType.MULTI,
                    new String[] {tag + "seq", tag + "ev", tag + "h"}, accountArgs(event));
            connected();
            absorbOthers(event.account(), result);
            stage = 1;
        }
        if (stage == 1) {
            if (ipKey != null) {
                mergeIntoAddress(event, keyAccounts(ipKey, event, ipWindow));
            }
            stage = 2;
        }
        if (stage == 2) {
            if (deviceKey != null) {
                mergeInto(local.device(event.device()), keyAccounts(deviceKey, event, deviceWindow));
            }
            stage = 3;
        }
        reconsider(event);
    }

    private String accountTag(Event event) {
        return prefixed("a:{" + escape(event.account()) + "}:");
    }

    private String ipKey(Event event) {
        return event.ip() == null ? null : prefixed("ip:" + event.ip());
    }

    private String deviceKey(Event event) {
        return event.device() == null ? null : prefixed("d:{" + escape(event.device()) + "}");
    }

    /** The account script's arguments (see {@link Scripts#ACCOUNT_EVENT}), with this node's cursor for the account. */
    private String[] accountArgs(Event event) {
        long hour = Math.floorDiv(event.timestamp(), HOUR);
        Long cursor = cursors.get(event.account());
        return new String[] {EventCodec.encode(nodeId, batch.number(event), event), String.valueOf(cursor == null ? 0 : cursor),
                String.valueOf(hour), String.valueOf(ACCOUNT_TTL), String.valueOf(EVENTS_KEPT), String.valueOf(hour - 24 * 8)};
    }

    /** The event is in Redis and what the other nodes recorded is merged: the detectors run on the merged state. */
    private void reconsider(Event event) {
        applied.incrementAndGet();
        try {
            engine.reconsider(event);
            // its flags come back through OnceSink, onto the flag queue
        } catch (RuntimeException e) {
            ERRORS.error("Login Telemetry could not run the detectors on the merged state", e);
        }
    }

    /** Folds the other nodes' events the account script returned into the local account. */
    private void absorbOthers(String account, List<Object> result) {
        cursors.put(account, (Long) result.get(0));
        for (String entry : strings(result.get(1))) {
            if (!nodeId.equals(EventCodec.nodeOf(entry))) {
                Event theirs = EventCodec.decode(entry);
                if (theirs != null && account.equals(theirs.account())) {
                    engine.absorb(theirs);
                    merged.incrementAndGet();
                }
            }
        }
    }


    @SuppressWarnings("unchecked")
    private static List<String> strings(Object reply) {
        return reply instanceof List<?> list ? (List<String>) list : List.of();
    }

    private List<String> keyAccounts(String key, Event event, long window) {
        return link.eval(Scripts.KEY_ACCOUNTS, ScriptOutputType.MULTI, new String[] {key},
                event.account(), String.valueOf(event.timestamp()), String.valueOf(window + HOUR), String.valueOf(window),
                String.valueOf(ACCOUNTS_KEPT));
    }

    /**
     * Adds what Redis holds for the event's address to the local one, if Redis knows of another
     * account there. If not, the local store already holds the event's account on it: asking for the
     * local set would turn an address of one account into a set for nothing (see
     * {@code InMemoryStateStore.ipOf}).
     */
    private void mergeIntoAddress(Event event, List<String> members) {
        for (int i = 0; i + 1 < members.size(); i += 2) {
            if (!members.get(i).equals(event.account())) {
                mergeInto(local.ip(event.ip()), members);
                return;
            }
        }
    }

    /** Adds to a local address or device set what Redis holds for it (account, time, account, time...). */
    private void mergeInto(AccountSet set, List<String> members) {
        for (int i = 0; i + 1 < members.size(); i += 2) {
            String account = members.get(i);
            long time;
            try {
                time = (long) Double.parseDouble(members.get(i + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            AccountState known = local.existingAccount(account);
            String id = known != null ? known.id() : account;
            synchronized (set) {
                set.add(id, time);
            }
        }
    }

    private void drainFlags() {
        Pending p;
        while ((p = flags.peek()) != null) {
            busy = true;
            String key = prefixed("f:{" + escape(p.flag.account()) + "}:" + p.flag.signal().id() + ":"
                    + p.flag.severity().name().toLowerCase(java.util.Locale.ROOT));
            Long before = raised.get(key);
            long time = p.flag.timestamp();
            if (before != null && time - before < flagWindow) {
                suppressed.incrementAndGet(); // this node already knows it went out
            } else if (down || System.nanoTime() - gateOpensAt < 0) {
                if (running && System.nanoTime() - p.queuedAt < FLAG_HOLD_NANOS) {
                    break; // a short outage should not cost a duplicate: wait for Redis a little
                }
                deliver(p);
                ungated.incrementAndGet();
                raised.put(key, time);
            } else {
                Long won;
                try {
                    won = link.eval(Scripts.FLAG_ONCE, ScriptOutputType.INTEGER, new String[] {key}, String.valueOf(time),
                            String.valueOf(flagWindow), String.valueOf(flagWindow + 86_400_000L), nodeId);
                    connected();
                } catch (RuntimeException e) {
                    wentDown(e);
                    continue; // held, or delivered unchecked, on the next turn of this loop
                }
                if (won == 1L) {
                    deliver(p);
                    delivered.incrementAndGet();
                } else {
                    suppressed.incrementAndGet();
                }
                raised.put(key, time);
            }
            flags.poll();
        }
    }

    private void deliver(Pending p) {
        for (FlagSink sink : sinks) {
            try {
                sink.publish(p.flag, p.first);
            } catch (RuntimeException e) {
                ERRORS.error("Login Telemetry sink refused a flag", e);
            }
        }
    }

    private void connected() {
        if (down || !everConnected) {
            boolean wasDown = down;
            down = false;
            everConnected = true;
            LOG.info("Login Telemetry " + (wasDown ? "reconnected to" : "connected to") + " Redis " + settings.describe());
        }
    }

    /**
     * Checks that Redis still holds this node's marker key. When it is gone, Redis lost its data
     * (restarted without persistence, failed over to an empty replica, flushed): the sequence numbers
     * this node remembers no longer mean anything, and the flags it knows went out are put back so
     * that no node delivers them again.
     */
    private void verifyEpoch() {
        String marker = prefixed("node:" + nodeId);
        boolean present = link.touch(marker, EPOCH_TTL);
        connected();
        if (!present) {
            if (epochSet) {
                cursors.clear();
                reassert();
                // The other nodes notice within their next check (every second): until then a flag one
                // of them delivered is not yet back in Redis, and checking ours against it would pass.
                gateOpensAt = System.nanoTime() + 2 * EPOCH_CHECK_NANOS + settings.timeout().toNanos();
                LOG.warn("Login Telemetry found Redis " + settings.describe() + " emptied (restarted or flushed): the shared "
                        + "windows start again; " + raised.size() + " delivered flag(s) put back");
            }
            link.setWithTtl(marker, "1", EPOCH_TTL);
            epochSet = true;
        }
        checkEpoch = false;
        nextEpochCheck = System.nanoTime() + EPOCH_CHECK_NANOS;
    }

    /** After Redis lost its data: the flags this node knows went out are put back. */
    private void reassert() {
        for (Map.Entry<String, Long> e : new ArrayList<>(raised.entrySet())) {
            link.setIfAbsent(e.getKey(), String.valueOf(e.getValue()), flagWindow + 86_400_000L);
        }
    }

    /** The reason of the last loss of Redis, as logged then; empty while it never failed. */
    String lastFailure() {
        return lastFailure;
    }

    private void wentDown(RuntimeException e) {
        failures.incrementAndGet();
        checkEpoch = true;
        if (!down) {
            down = true;
            lastFailure = describe(e);
            LOG.warn("Login Telemetry cannot reach Redis " + settings.describe() + " (" + lastFailure
                    + "); detection goes on with this node's own state, events wait in the queue ("
                    + events.unfinished() + " now, at most " + settings.queueCapacity() + "), reconnecting");
        }
    }

    /** The failure in one line, without anything the server echoed that could hold a secret. */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && (m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("AUTH"))) {
                return b.append(": Redis refused the credentials (AUTH); check the URI or ")
                        .append(ConfigKeys.STATE_REDIS_PASSWORD.name()).toString();
            }
        }
        String m = e.getMessage();
        if (m != null) {
            b.append(": ").append(m.length() > 200 ? m.substring(0, 200) : m);
        }
        // "Unable to connect" says little: the innermost cause says why (refused, a certificate not trusted).
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 8; depth++) {
            root = root.getCause();
        }
        if (root != e) {
            String r = root.getMessage();
            b.append("; cause ").append(root.getClass().getSimpleName());
            if (r != null) {
                b.append(": ").append(r.length() > 200 ? r.substring(0, 200) : r);
            }
        }
        return b.toString().replace('\n', ' ').replace('\r', ' ');
    }

    private String prefixed(String key) {
        return settings.prefix() + key;
    }

    /** Keeps an id from ending a Redis Cluster hash tag early. */
    static String escape(String id) {
        if (id.indexOf('{') < 0 && id.indexOf('}') < 0 && id.indexOf('%') < 0) {
            return id;
        }
        return id.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }

    private record Pending(Flag flag, boolean first, long queuedAt) {
    }

    /** The engine's one sink: queues each flag for the cluster-wide check, then the configured sinks. */
    private final class OnceSink implements FlagSink {

        @Override
        public void publish(Flag flag, boolean firstOfAccount) {
            Pending p = new Pending(flag, firstOfAccount, System.nanoTime());
            if (!running || !flags.offer(p)) {
                deliver(p); // never lose a flag to a full queue: deliver it unchecked
                ungated.incrementAndGet();
            }
        }

        @Override
        public Map<String, Long> counters() {
            return RedisStateStore.this.counters();
        }

        @Override
        public void close() {
            List<Thread> closing = new ArrayList<>();
            for (FlagSink sink : sinks) {
                Thread t = new Thread(() -> {
                    try {
                        sink.close();
                    } catch (RuntimeException e) {
                        LOG.warn("Login Telemetry sink failed to close: " + e);
                    }
                }, "logintelemetry-close");
                t.setDaemon(true);
                t.start();
                closing.add(t);
            }
            for (Thread t : closing) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
