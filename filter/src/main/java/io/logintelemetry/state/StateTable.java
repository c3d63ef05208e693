package io.logintelemetry.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A bounded, expiring hash table for state that is looked up on every event: open addressing over
 * primitive key arrays, so an entry costs a few array slots instead of a cache node, a map node and
 * a key object, and a look-up touches the key slots and the value rather than a chain of nodes.
 *
 * <ul>
 *   <li><b>Keys</b> are one or two {@code long}s ({@link Keys}): an IP address's 128 bits, or a string's
 *       hash, in which case the value itself confirms the match (two ids with one hash share nothing).</li>
 *   <li><b>Bounded</b> by entry count: an insert into a table at its bound first drops, from the segment
 *       it goes to, the entry idle longest among a few sampled (expired ones first): an approximation of
 *       least-recently-used that costs no per-entry order links.</li>
 *   <li><b>Expiry</b> by event time ({@link EventClock}): an entry not looked up for the expiry is dead; a
 *       look-up never returns it, inserts sweep a few slots each, and {@link #size()} sweeps a segment
 *       completely. What a deployment keeps is bounded by the count and by the window, as before.</li>
 *   <li><b>Thread-safe</b>: a look-up of a present key takes no lock: it reads the segment under a
 *       {@link StampedLock} optimistic stamp and falls back to the segment's write lock when a writer
 *       interfered, the key is absent or expired; it records the use only once the recorded one
 *       is a little stale ({@link #MAX_USE_LAG_SECONDS}). Inserts, removals and sweeps take the write lock of
 *       their segment only, never while a value's own lock is held (callers lock the value afterwards),
 *       so the engine's rule that no two locks are held at once stands. {@code onDrop} runs under the
 *       segment lock and must not take locks (the state objects' {@code retire()} does not).</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class StateTable<K, V> {

    /** How a key becomes the one or two {@code long}s the table stores, and how a value confirms it. */
    interface Keys<K, V> {
        long first(K key);

        /** The second half of the key; only read when the table is {@linkplain #wide() wide}. */
        long second(K key);

        /** Whether the key takes two longs (an IPv6 address) or one (a string's hash). */
        boolean wide();

        /**
         * Whether {@code value} is the one stored for {@code key}, for keys the longs do not identify
         * exactly (hashes); return true when they do.
         */
        boolean matches(V value, K key);
    }

    /** Sampled when a full segment must make room. */
    private static final int EVICTION_SAMPLE = 8;
    /** Slots an insert checks for expired entries, so dead entries go even without pressure. */
    private static final int SWEEP_PER_INSERT = 2;
    private static final int INITIAL_SLOTS = 16;
    /**
     * A look-up records its use by compare-and-set, a locked instruction that waits for every load
     * before it and holds back every load after it: at 100,000 accounts it kept the cache misses of
     * the account, address and session look-ups of an event from overlapping. So a use is recorded
     * only once the recorded one is this old. An entry may then expire up to this much before its
     * expiry after the last use; the stores' expiries carry an hour of margin (see
     * {@code InMemoryStateStore.EXPIRY_MARGIN}), and eviction's "idle longest" is judged to within it.
     */
    static final int MAX_USE_LAG_SECONDS = 300;

    private final Segment[] segments;
    private final int segmentShift;
    /**
     * The most one segment holds: its even share of the bound with room for the unevenness of hashing
     * (a segment of 1,600 entries deviates by about 40), so that the table as a whole reaches its bound
     * before any segment fills. The bound itself is kept by {@link #total}.
     */
    private final int perSegment;
    private final int maximumSize;
    /** Entries in all segments: inserts beyond {@link #maximumSize} make room first. */
    private final AtomicInteger total = new AtomicInteger();
    private final int width;
    private final Keys<K, V> keys;
    private final Function<K, V> create;
    /**
     * For a tagged table (see {@link #readTagged}), makes the shared value of a tagged entry from
     * its single value and last use; null for an untagged table.
     */
    private final BiFunction<Object, Integer, V> share;
    private final Consumer<V> onDrop;
    private final EventClock clock;
    private final long expirySeconds;
    /**
     * How stale a present entry's recorded use may be before a lock-free look-up records a new one
     * (see {@link Segment#tryRead}): 1/64 of the expiry, at most {@link #MAX_USE_LAG_SECONDS}.
     */
    private final int useLagSeconds;

    /**
     * @param maximumSize   the most entries held
     * @param expiryMillis  how long (event time) an entry not looked up lives
     * @param create        makes the value of an absent key
     * @param onDrop        told of every value the table evicts, expires or removes (may be a no-op)
     */
    StateTable(int maximumSize, long expiryMillis, EventClock clock, Keys<K, V> keys, Function<K, V> create,
               Consumer<V> onDrop) {
        this(maximumSize, expiryMillis, clock, keys, create, onDrop, null);
    }

    /**
     * A table of narrow keys that identify exactly ({@link Keys#matches} is always true), whose entries
     * may be <em>tagged</em>: besides its key and last use, a slot
     * holds a {@code long} tag, and a tagged entry's value is not a {@code V} but a single value of the
     * caller's (see {@link #getTagged}). Tagged entries are read by {@link #readTagged} and
     * {@link #getTagged}; every other access sees them as the {@code V} that {@code share} makes of the
     * single value and its last use, and {@link #get} and {@link #getIfPresent} store that {@code V} in
     * the entry's place (it is then untagged). {@code onDrop} is told of {@code V}s only. A tagged
     * entry's last use is its single value's latest sighting, as its callers date it.
     */
    StateTable(int maximumSize, long expiryMillis, EventClock clock, Keys<K, V> keys, Function<K, V> create,
               Consumer<V> onDrop, BiFunction<Object, Integer, V> share) {
        // Segments of about a thousand entries or more: enough stripes for request threads, and each
        // segment's share of the bound stays close to the bound divided evenly.
        int n = 1;
        while (n < 64 && (long) n * 2 * 1024 <= maximumSize) {
            n *= 2;
        }
        this.segments = new Segment[n];
        this.segmentShift = 64 - Integer.numberOfTrailingZeros(n);
        long evenShare = (maximumSize + (long) n - 1) / n;
        this.perSegment = (int) Math.min(maximumSize, n == 1 ? evenShare : evenShare + evenShare / 4 + 64);
        this.maximumSize = maximumSize;
        this.width = keys.wide() ? 2 : 1;
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment(Math.min(INITIAL_SLOTS, slotsFor(perSegment)), width == 2 ? 3 : share != null ? 2 : 1);
        }
        if (share != null && keys.wide()) {
            throw new IllegalArgumentException("only narrow keys can be tagged");
        }
        this.keys = keys;
        this.create = create;
        this.share = share;
        this.onDrop = onDrop;
        this.clock = clock;
        this.expirySeconds = Math.max(1, expiryMillis / 1000);
        this.useLagSeconds = (int) Math.min(MAX_USE_LAG_SECONDS, expirySeconds / 64);
    }

    /** Room for {@code entries} at a load of at most 3/4. */
    private static int slotsFor(int entries) {
        return (int) Math.min(Integer.MAX_VALUE - 8, entries + (long) entries / 3 + 1);
    }

    /** The value of {@code key}, created if absent or expired; counts as a use for expiry. */
    V get(K key) {
        return get(key, create);
    }

    /**
     * {@link #get(Object)}, with {@code create} making the value if there is none; it runs under the
     * segment's lock and must take no lock of its own.
     */
    V get(K key, Function<K, V> create) {
        long a = width == 2 ? keys.first(key) : keys.first(key) & 0xFFFF_FFFFL;
        long b = width == 2 ? keys.second(key) : 0;
        long h = hash(a, b);
        Segment s = segment(h);
        int now = now();
        V found = s.tryRead(h, a, b, key, now, this);
        if (found != null) {
            return found;
        }
        long stamp = s.lock.writeLock();
        try {
            int i = s.find(h, a, b, key, this);
            if (i >= 0) {
                @SuppressWarnings("unchecked")
                V v = (V) s.values[i];
                if (expired(s.touchedAt(i), now)) {
                    if (s.tagAt(i) == 0) {
                        onDrop.accept(v);
                    }
                    v = create.apply(key);
                    s.values[i] = v;
                    s.setTag(i, 0);
                } else if (s.tagAt(i) != 0) {
                    v = share(s, i);
                }
                s.setTouched(i, now);
                return v;
            }
            V v = create.apply(key);
            insert(s, h, a, b, v, 0, now, now);
            return v;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** The value of {@code key} if present and not expired, else null; counts as a use for expiry. */
    V getIfPresent(K key) {
        long a = width == 2 ? keys.first(key) : keys.first(key) & 0xFFFF_FFFFL;
        long b = width == 2 ? keys.second(key) : 0;
        long h = hash(a, b);
        Segment s = segment(h);
        int now = now();
        V found = s.tryRead(h, a, b, key, now, this);
        if (found != null) {
            return found;
        }
        long stamp = s.lock.writeLock();
        try {
            int i = s.find(h, a, b, key, this);
            if (i < 0) {
                return null;
            }
            if (expired(s.touchedAt(i), now)) {
                drop(s, i);
                return null;
            }
            @SuppressWarnings("unchecked")
            V v = s.tagAt(i) != 0 ? share(s, i) : (V) s.values[i];
            s.setTouched(i, now);
            return v;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** Removes {@code key}; returns its value (already passed to {@code onDrop}), or null. */
    V remove(K key) {
        long a = width == 2 ? keys.first(key) : keys.first(key) & 0xFFFF_FFFFL;
        long b = width == 2 ? keys.second(key) : 0;
        long h = hash(a, b);
        Segment s = segment(h);
        long stamp = s.lock.writeLock();
        try {
            int i = s.find(h, a, b, key, this);
            if (i < 0) {
                return null;
            }
            // A tagged entry leaves as the value it would have become (made now; onDrop is not told).
            @SuppressWarnings("unchecked")
            V v = s.tagAt(i) != 0 ? share.apply(s.values[i], s.touchedAt(i)) : (V) s.values[i];
            drop(s, i);
            return v;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** What {@link #readTagged} answers when the entry is tagged with the caller's tag (and now touched). */
    static final Object OURS = new Object();

    /**
     * For a tagged table: without locking, {@link #OURS} when {@code key}'s entry is tagged {@code tag}
     * (its last use then moves on to {@code sightingMillis} if that is later: a tagged entry's last use
     * is its single value's latest sighting, to the second); the shared value when the entry is
     * untagged (its use recorded as by {@link #get}); null when the key is absent, expired, tagged
     * otherwise, or a writer interfered: then call {@link #getTagged}.
     */
    Object readTagged(K key, long tag, long sightingMillis) {
        long a = keys.first(key) & 0xFFFF_FFFFL;
        long h = hash(a, 0);
        int now = now();
        return segment(h).readTagged(h, a, key, tag, Math.min(now, EpochSeconds.of(sightingMillis)), now, this);
    }

    /**
     * For a tagged table, under the segment's lock: puts {@code single} tagged {@code tag}, sighted at
     * {@code sightingMillis}, for an absent or expired key and answers null; answers null too when the
     * entry is already tagged {@code tag} (the sighting recorded if later); an entry tagged otherwise is
     * first shared (see the constructor). An untagged or shared entry's use is recorded as by
     * {@link #get}. So null means the key's entry is, and stays, the caller's single value.
     */
    V getTagged(K key, long tag, Object single, long sightingMillis) {
        long a = keys.first(key) & 0xFFFF_FFFFL;
        long h = hash(a, 0);
        Segment s = segment(h);
        int now = now();
        int sighting = Math.min(now, EpochSeconds.of(sightingMillis));
        long stamp = s.lock.writeLock();
        try {
            int i = s.find(h, a, 0, key, this);
            if (i < 0) {
                insert(s, h, a, 0, single, tag, now, sighting);
                return null;
            }
            if (expired(s.touchedAt(i), now)) {
                if (s.tagAt(i) == 0) {
                    @SuppressWarnings("unchecked")
                    V old = (V) s.values[i];
                    onDrop.accept(old);
                }
                s.values[i] = single;
                s.setTag(i, tag);
                s.setTouched(i, sighting);
                return null;
            }
            long current = s.tagAt(i);
            if (current == tag) {
                s.setTouched(i, Math.max(sighting, s.touchedAt(i)));
                return null;
            }
            @SuppressWarnings("unchecked")
            V v = current == 0 ? (V) s.values[i] : share(s, i);
            s.setTouched(i, now);
            return v;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** Replaces tagged entry {@code i} by its shared value (under the segment's lock). */
    private V share(Segment s, int i) {
        V v = share.apply(s.values[i], s.touchedAt(i));
        s.values[i] = v;
        s.setTag(i, 0);
        return v;
    }

    /** What {@link #forEachLive} hands out per entry. */
    interface Visitor<V> {
        /**
         * @param first   the key's first {@code long} (see {@link Keys})
         * @param second  its second, 0 for a narrow key
         * @param touched the entry's last use, in {@link EpochSeconds}
         */
        void visit(long first, long second, int touched, V value) throws java.io.IOException;
    }

    /**
     * Visits every live entry, one segment at a time: each segment is locked only while its entries
     * are copied out, never while the visitor runs, so a slow visitor (a snapshot writing to disk)
     * holds up no request. Entries added or dropped meanwhile may or may not be seen.
     */
    void forEachLive(Visitor<V> visitor) throws java.io.IOException {
        int now = now();
        for (Segment s : segments) {
            long[] firsts;
            long[] seconds;
            int[] touched;
            Object[] values;
            boolean[] tagged;
            int n = 0;
            long stamp = s.lock.readLock();
            try {
                firsts = new long[s.size];
                seconds = new long[s.size];
                touched = new int[s.size];
                values = new Object[s.size];
                tagged = new boolean[s.size];
                for (int i = 0; i < s.values.length && n < values.length; i++) {
                    if (s.values[i] != null && !expired(s.touchedAt(i), now)) {
                        firsts[n] = s.firstAt(i);
                        seconds[n] = s.secondAt(i);
                        touched[n] = s.touchedAt(i);
                        values[n] = s.values[i];
                        tagged[n] = s.tagAt(i) != 0;
                        n++;
                    }
                }
            } finally {
                s.lock.unlockRead(stamp);
            }
            for (int k = 0; k < n; k++) {
                // A tagged entry is handed out as the value it would be shared as, made for the visit only.
                @SuppressWarnings("unchecked")
                V v = tagged[k] ? share.apply(values[k], touched[k]) : (V) values[k];
                visitor.visit(firsts[k], seconds[k], touched[k], v);
            }
        }
    }

    /**
     * Puts a restored entry last used at {@code touched} ({@link EpochSeconds}), unless the key is
     * already present or the entry has expired by the clock's now. Bounds apply as for any insert.
     *
     * @return whether it was put
     */
    boolean restore(K key, V value, int touched) {
        long a = width == 2 ? keys.first(key) : keys.first(key) & 0xFFFF_FFFFL;
        long b = width == 2 ? keys.second(key) : 0;
        long h = hash(a, b);
        Segment s = segment(h);
        int now = now();
        if (expired(touched, now)) {
            return false;
        }
        long stamp = s.lock.writeLock();
        try {
            if (s.find(h, a, b, key, this) >= 0) {
                return false;
            }
            insert(s, h, a, b, value, 0, now, Math.min(touched, now));
            return true;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** Entries alive now; drops the expired ones on the way (a full sweep: for metrics and tests, not per event). */
    long size() {
        int now = now();
        long total = 0;
        for (Segment s : segments) {
            long stamp = s.lock.writeLock();
            try {
                for (int i = 0; i < s.values.length; i++) {
                    while (s.values[i] != null && expired(s.touchedAt(i), now)) {
                        drop(s, i);
                    }
                }
                total += s.size;
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
        return total;
    }

    private void insert(Segment s, long h, long a, long b, Object v, long tag, int now, int touched) {
        sweep(s, now);
        if (s.size >= perSegment || total.get() >= maximumSize && s.size > 0) {
            evict(s, now);
        }
        if (s.size + 1 > s.values.length - s.values.length / 4) {
            s.grow(Math.min(slotsFor(perSegment), s.values.length + s.values.length / 2 + 1), this);
        }
        s.place(h, a, b, v, tag, touched);
        total.incrementAndGet();
    }

    /** Drops expired entries among the next few slots of the segment's cursor. */
    private void sweep(Segment s, int now) {
        for (int k = 0; k < SWEEP_PER_INSERT; k++) {
            int i = s.cursor;
            if (s.values[i] != null && expired(s.touchedAt(i), now)) {
                drop(s, i);
            } else {
                s.cursor = i + 1 == s.values.length ? 0 : i + 1;
            }
        }
    }

    /** Makes room in a full segment: the entry idle longest among a sample of occupied slots. */
    private void evict(Segment s, int now) {
        int victim = -1;
        int seen = 0;
        int i = s.cursor;
        for (int k = 0; k < s.values.length && seen < EVICTION_SAMPLE; k++) {
            if (s.values[i] != null) {
                seen++;
                if (victim < 0 || s.touchedAt(i) < s.touchedAt(victim)) {
                    victim = i;
                }
            }
            i = i + 1 == s.values.length ? 0 : i + 1;
        }
        s.cursor = i;
        if (victim >= 0) {
            drop(s, victim);
        }
    }

    @SuppressWarnings("unchecked")
    private void drop(Segment s, int i) {
        V v = (V) s.values[i];
        boolean tagged = s.tagAt(i) != 0;
        s.removeAt(i, this);
        total.decrementAndGet();
        if (!tagged) {
            onDrop.accept(v); // a tagged entry's single value is the caller's, not a V
        }
    }

    private boolean expired(int touched, int now) {
        return (long) now - touched >= expirySeconds;
    }

    private int now() {
        return EpochSeconds.of(clock.nowMillis());
    }

    private Segment segment(long h) {
        return segments.length == 1 ? segments[0] : segments[(int) (h >>> segmentShift)];
    }

    /** Mixes the key (the finaliser of MurmurHash3): segments take the top bits, slots the rest. */
    static long hash(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * One stripe: linear probing without tombstones (removal shifts the probe chain back). A slot's key
     * and its last use share one array, so that a look-up reads one line for both: a narrow key (32 bits)
     * and the use time in one {@code long}, followed by the tag in a tagged table; a wide key as three
     * {@code long}s (key, key, use time).
     */
    private static final class Segment {
        private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

        long[] slots;
        Object[] values;
        int size;
        int cursor;
        /** {@code long}s per slot: 1 (narrow), 2 (narrow, tagged) or 3 (wide). */
        final int stride;
        /** Writers take it exclusively; readers of a present key only validate an optimistic stamp. */
        final StampedLock lock = new StampedLock();

        Segment(int slots, int stride) {
            this.stride = stride;
            this.slots = new long[slots * stride];
            this.values = new Object[slots];
        }

        /** Home slot of hash {@code h} in {@code slots} slots: the low 32 bits scaled, no power of two needed. */
        static int home(long h, int slots) {
            return (int) (((h & 0xFFFF_FFFFL) * slots) >>> 32);
        }

        private static boolean keyIs(long[] k, int stride, int i, long a, long b) {
            return stride != 3 ? (k[i * stride] & 0xFFFF_FFFFL) == a : k[i * 3] == a && k[i * 3 + 1] == b;
        }

        private static int touchedIn(long[] k, int stride, int i) {
            return stride != 3 ? (int) (k[i * stride] >>> 32) : (int) k[i * 3 + 2];
        }

        /** The tag of slot {@code i}; 0 (untagged) in a table without tags. */
        long tagAt(int i) {
            return stride == 2 ? slots[i * 2 + 1] : 0;
        }

        /** Under the write lock; only in a tagged table, or with 0. */
        void setTag(int i, long tag) {
            if (stride == 2) {
                slots[i * 2 + 1] = tag;
            }
        }

        int touchedAt(int i) {
            return touchedIn(slots, stride, i);
        }

        /** Under the write lock. */
        void setTouched(int i, int now) {
            if (stride != 3) {
                slots[i * stride] = (long) now << 32 | (slots[i * stride] & 0xFFFF_FFFFL);
            } else {
                slots[i * 3 + 2] = now;
            }
        }

        long firstAt(int i) {
            return stride != 3 ? slots[i * stride] & 0xFFFF_FFFFL : slots[i * 3];
        }

        long secondAt(int i) {
            return stride != 3 ? 0 : slots[i * 3 + 1];
        }

        /**
         * The value of a present, live key read without locking, or null when the key is absent,
         * expired, or a writer changed the segment meanwhile (the caller then locks). The use is
         * recorded by a compare-and-set of the slot as read, so it never lands on an entry a writer
         * has moved there meanwhile; losing that race only loses one use time. Only a use time older
         * than {@code useLagSeconds} is replaced (see {@link #MAX_USE_LAG_SECONDS}).
         */
        <K, V> V tryRead(long h, long a, long b, K key, int now, StateTable<K, V> t) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0) {
                return null;
            }
            long[] k = slots;
            Object[] vals = values;
            int n = vals.length;
            if (k.length != n * stride) {
                return null; // a writer is swapping the arrays
            }
            int i = home(h, n);
            for (int probes = 0; probes < n; probes++) {
                Object v = vals[i];
                if (v == null) {
                    return null;
                }
                if (keyIs(k, stride, i, a, b)) {
                    long word = stride != 3 ? k[i * stride] : k[i * 3 + 2];
                    boolean tagged = stride == 2 && k[i * 2 + 1] != 0;
                    if (!lock.validate(stamp) || tagged) {
                        return null; // a tagged entry is shared under the lock first
                    }
                    @SuppressWarnings("unchecked")
                    V value = (V) v;
                    if (t.keys.matches(value, key)) {
                        int last = stride != 3 ? (int) (word >>> 32) : (int) word;
                        if (t.expired(last, now)) {
                            return null;
                        }
                        if (now - last > t.useLagSeconds) {
                            if (stride != 3) {
                                LONGS.compareAndSet(k, i * stride, word, (long) now << 32 | (word & 0xFFFF_FFFFL));
                            } else {
                                LONGS.compareAndSet(k, i * 3 + 2, word, (long) now);
                            }
                        }
                        return value;
                    }
                }
                i = i + 1 == n ? 0 : i + 1;
            }
            return null;
        }

        /** {@link StateTable#readTagged} in this segment; a tagged segment (stride 2) only. */
        <K, V> Object readTagged(long h, long a, K key, long tag, int sighting, int now, StateTable<K, V> t) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0) {
                return null;
            }
            long[] k = slots;
            Object[] vals = values;
            int n = vals.length;
            if (k.length != n * 2) {
                return null; // a writer is swapping the arrays
            }
            int i = home(h, n);
            for (int probes = 0; probes < n; probes++) {
                Object v = vals[i];
                if (v == null) {
                    return null;
                }
                long word = k[i * 2];
                if ((word & 0xFFFF_FFFFL) == a) {
                    long current = k[i * 2 + 1];
                    if (!lock.validate(stamp)) {
                        return null;
                    }
                    @SuppressWarnings("unchecked")
                    V value = (V) v;
                    if (current != 0 && current != tag || current == 0 && !t.keys.matches(value, key)) {
                        return null;
                    }
                    int last = (int) (word >>> 32);
                    if (t.expired(last, now)) {
                        return null;
                    }
                    if (current == 0) {
                        if (now - last > t.useLagSeconds) {
                            LONGS.compareAndSet(k, i * 2, word, (long) now << 32 | (word & 0xFFFF_FFFFL));
                        }
                        return v;
                    }
                    // A tagged entry's use is its single value's latest sighting, to the second; an
                    // older sighting (a late event) leaves it. The write must land on this entry: the
                    // exchange fails if the slot's word changed, and the stamp, checked again after it,
                    // fails if a writer moved, dropped or shared the entry meanwhile (it may have read
                    // the slot before the write). Either way the locked path records the sighting again.
                    if (sighting > last
                            && (!LONGS.compareAndSet(k, i * 2, word, (long) sighting << 32 | (word & 0xFFFF_FFFFL))
                                || !lock.validate(stamp))) {
                        return null;
                    }
                    return OURS;
                }
                i = i + 1 == n ? 0 : i + 1;
            }
            return null;
        }

        <K, V> int find(long h, long a, long b, K key, StateTable<K, V> t) {
            int n = values.length;
            int i = home(h, n);
            while (true) {
                Object v = values[i];
                if (v == null) {
                    return -1;
                }
                if (keyIs(slots, stride, i, a, b)) {
                    @SuppressWarnings("unchecked")
                    V value = (V) v;
                    // A tagged entry's value is no V; tagged tables have keys that identify exactly.
                    if (tagAt(i) != 0 || t.keys.matches(value, key)) {
                        return i;
                    }
                }
                i = i + 1 == n ? 0 : i + 1;
            }
        }

        void place(long h, long a, long b, Object v, long tag, int now) {
            int n = values.length;
            int i = home(h, n);
            while (values[i] != null) {
                i = i + 1 == n ? 0 : i + 1;
            }
            if (stride != 3) {
                slots[i * stride] = (long) now << 32 | a;
                setTag(i, tag);
            } else {
                slots[i * 3] = a;
                slots[i * 3 + 1] = b;
                slots[i * 3 + 2] = now;
            }
            values[i] = v;
            size++;
        }

        /** Empties slot {@code i} and moves later entries of its probe chain back into the hole. */
        void removeAt(int i, StateTable<?, ?> t) {
            int n = values.length;
            values[i] = null;
            size--;
            int hole = i;
            int j = i;
            while (true) {
                j = j + 1 == n ? 0 : j + 1;
                if (values[j] == null) {
                    return;
                }
                int home = home(hash(firstAt(j), secondAt(j)), n);
                // The entry at j may fill the hole if its home is not cyclically within (hole, j].
                int distHome = j - home < 0 ? j - home + n : j - home;
                int distHole = j - hole < 0 ? j - hole + n : j - hole;
                if (distHome >= distHole) {
                    System.arraycopy(slots, j * stride, slots, hole * stride, stride);
                    values[hole] = values[j];
                    values[j] = null;
                    hole = j;
                }
            }
        }

        void grow(int slotCount, StateTable<?, ?> t) {
            if (slotCount <= values.length) {
                return;
            }
            Segment old = new Segment(0, stride);
            old.slots = slots;
            old.values = values;
            slots = new long[slotCount * stride];
            values = new Object[slotCount];
            size = 0;
            cursor = 0;
            for (int i = 0; i < old.values.length; i++) {
                if (old.values[i] != null) {
                    long a = old.firstAt(i);
                    long b = old.secondAt(i);
                    place(hash(a, b), a, b, old.values[i], old.tagAt(i), old.touchedAt(i));
                }
            }
        }
    }
}
