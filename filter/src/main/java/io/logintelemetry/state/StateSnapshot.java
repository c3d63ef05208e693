package io.logintelemetry.state;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.text.NearDuplicateIndex;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The in-memory state as one file, so that a single node keeps its windows across a restart.
 *
 * <p>Layout: a header (magic {@code LTSN}, {@link StateCodec#FORMAT_VERSION}, the event clock, the wall
 * time of writing), then one record per entry (kind, last use, key, then the object's
 * {@linkplain StateCodec body} prefixed by its length), an end record, then a trailer: the length of
 * everything before it, a CRC-32 of that, and an end mark ({@code LTSE}), so that a file cut short is
 * told from a damaged one. A file is written whole to a temporary sibling, forced to disk and renamed over the old
 * one, so a crash mid-write leaves the previous snapshot in place.
 *
 * <p>What is in it: accounts, addresses (IPv4, IPv6), devices, sessions, and the marketplace state
 * (per-account data, identifiers, logins per address, rate samples, the link graph, and the MinHash
 * signatures of recent messages that {@code message.template_reuse} compares; never message texts).
 *
 * <p>Writing never holds the store's locks for long: each table segment is locked only while its
 * entries are listed, and each object's monitor only while that object is copied into memory, never
 * while anything goes to disk.
 *
 * <p>Restoring is all or nothing: a file that is truncated, fails its checksum or has another version
 * gives an empty store and the reason, never half a state.
 */
public final class StateSnapshot {

    /** "LTSN". */
    static final int MAGIC = 0x4C54534E;
    /** "LTSE", the last four bytes of a whole file. */
    static final int END_MAGIC = 0x4C545345;
    /** Magic, version, event clock, wall time. */
    private static final int HEADER_BYTES = 24;
    /** Length of what precedes, CRC-32, end magic. */
    private static final int TRAILER_BYTES = 16;
    /** Largest object body we accept when reading. */
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private static final byte END = 0;
    private static final byte ACCOUNT = 1;
    private static final byte IPV4 = 2;
    private static final byte IPV6 = 3;
    private static final byte DEVICE = 4;
    private static final byte SESSION = 5;
    private static final byte MARKET_ACCOUNT = 6;
    private static final byte IDENTIFIER = 7;
    private static final byte IP_LOGINS = 8;
    private static final byte RATE = 9;
    private static final byte LINK_GRAPH = 10;
    private static final byte TEXT_SIGNATURE = 11;
    /** Longest MinHash signature read back (the configured length is far below). */
    private static final int MAX_SIGNATURE = 4096;

    private StateSnapshot() {
    }

    /**
     * The outcome of {@link #restore}: the store to use (restored, or empty), and why it is empty
     * when a file was there but could not be used.
     *
     * @param store   the store, never null
     * @param found   whether there was a snapshot file
     * @param problem why the file was not used, or null when it was (or there was none)
     * @param counts  entries restored per kind ("accounts", "ips", "devices", "sessions")
     */
    public record Restored(InMemoryStateStore store, boolean found, String problem, Map<String, Long> counts) {
        public Restored {
            // The reason may quote bytes of a damaged file: no control characters into a log line.
            if (problem != null) {
                problem = problem.replaceAll("\\p{Cntrl}", "?");
                problem = problem.length() > 200 ? problem.substring(0, 200) + "..." : problem;
            }
        }
    }

    /**
     * Writes {@code store} to {@code file} (temporary file, fsync, atomic rename).
     *
     * @return the number of bytes written
     */
    public static long write(InMemoryStateStore store, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long size;
        Files.deleteIfExists(tmp); // a leftover of a crash: its permissions must not carry over
        // Owner only: the file holds account ids, addresses and the names the app reported.
        java.nio.file.attribute.FileAttribute<?>[] ownerOnly = DurableFiles.ownerOnly(tmp, "rw-------");
        try (FileChannel channel = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly)) {
            OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.writeInt(MAGIC);
            out.writeInt(StateCodec.FORMAT_VERSION);
            out.writeLong(store.clock().nowMillis());
            out.writeLong(System.currentTimeMillis());
            Body body = new Body();
            store.accountTable().forEachLive((first, second, touched, account) -> {
                synchronized (account) {
                    body.fill(account::write);
                }
                out.writeByte(ACCOUNT);
                out.writeInt(touched);
                body.writeTo(out);
            });
            store.ipv4Table().forEachLive((first, second, touched, set) -> {
                synchronized (set) {
                    body.fill(set::write);
                }
                out.writeByte(IPV4);
                out.writeInt(touched);
                out.writeInt((int) first);
                body.writeTo(out);
            });
            store.ipv6Table().forEachLive((first, second, touched, set) -> {
                synchronized (set) {
                    body.fill(set::write);
                }
                out.writeByte(IPV6);
                out.writeInt(touched);
                out.writeLong(first);
                out.writeLong(second);
                body.writeTo(out);
            });
            // Caffeine's view is weakly consistent and takes no lock that a request waits on for long.
            for (Map.Entry<String, AccountSet> e : store.deviceCache().asMap().entrySet()) {
                AccountSet set = e.getValue();
                synchronized (set) {
                    body.fill(set::write);
                }
                out.writeByte(DEVICE);
                StateCodec.writeString(out, e.getKey());
                body.writeTo(out);
            }
            store.sessionTable().forEachLive((first, second, touched, session) -> {
                synchronized (session) {
                    // Entries are copied out first and visited later: a carried session may have ended
                    // meanwhile, its account carrying the next one, written under its own entry.
                    String id = session.sessionId();
                    if (session.retired() || id == null || (id.hashCode() & 0xFFFF_FFFFL) != first) {
                        return;
                    }
                    body.fill(session::writeSession);
                }
                out.writeByte(SESSION);
                out.writeInt(touched);
                body.writeTo(out);
            });
            MarketplaceStore market = store.marketplace();
            for (MarketState m : market.accountCache().asMap().values()) {
                synchronized (m) {
                    body.fill(m::write);
                }
                out.writeByte(MARKET_ACCOUNT);
                body.writeTo(out);
            }
            for (Map.Entry<String, KeyAccounts> e : market.identifierCache().asMap().entrySet()) {
                KeyAccounts k = e.getValue();
                synchronized (k) {
                    body.fill(k::write);
                }
                out.writeByte(IDENTIFIER);
                StateCodec.writeString(out, e.getKey());
                body.writeTo(out);
            }
            for (Map.Entry<IpAddress, IpLogins> e : market.ipLoginCache().asMap().entrySet()) {
                IpLogins l = e.getValue();
                synchronized (l) {
                    body.fill(l::write);
                }
                out.writeByte(IP_LOGINS);
                out.writeBoolean(e.getKey().isV4());
                out.writeLong(e.getKey().high());
                out.writeLong(e.getKey().low());
                body.writeTo(out);
            }
            for (Map.Entry<String, RateSample> e : market.rateCache().asMap().entrySet()) {
                RateSample r = e.getValue();
                synchronized (r) {
                    body.fill(o -> r.write(o, e.getKey()));
                }
                out.writeByte(RATE);
                body.writeTo(out);
            }
            body.fill(market.links()::write);
            out.writeByte(LINK_GRAPH);
            body.writeTo(out);
            // The list is copied under the index's lock; the signatures in it never change.
            for (NearDuplicateIndex.Held h : market.texts().held()) {
                body.fill(o -> {
                    StateCodec.writeString(o, h.owner());
                    o.writeLong(h.timeMillis());
                    o.writeShort(h.signature().length);
                    for (int v : h.signature()) {
                        o.writeInt(v);
                    }
                });
                out.writeByte(TEXT_SIGNATURE);
                body.writeTo(out);
            }
            out.writeByte(END);
            out.flush();
            // The trailer is not part of its own checksum: its length, the checksum, and an end mark.
            DataOutputStream trailer = new DataOutputStream(raw);
            trailer.writeLong(channel.position());
            trailer.writeInt((int) crc.getValue());
            trailer.writeInt(END_MAGIC);
            raw.flush();
            channel.force(true);
            size = channel.size();
        }
        DurableFiles.replace(tmp, file);
        return size;
    }

    /**
     * A store for {@code config} holding what {@code file} holds, judged on the snapshot's event clock:
     * entries already expired then are dropped, bounds apply. An absent file gives an empty store;
     * a damaged, truncated or incompatible one gives an empty store and the reason.
     */
    public static Restored restore(LoginTelemetryConfig config, Path file) {
        InMemoryStateStore store = new InMemoryStateStore(config);
        try {
            verify(file);
        } catch (NoSuchFileException e) {
            return new Restored(store, false, null, Map.of());
        } catch (StateCodec.CorruptStateException e) {
            return new Restored(store, true, e.getMessage(), Map.of());
        } catch (IOException | RuntimeException e) {
            return new Restored(store, true, "cannot be read: " + e, Map.of());
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Map<String, Long> counts = read(store, raw);
            return new Restored(store, true, null, counts);
        } catch (StateCodec.CorruptStateException e) {
            return new Restored(new InMemoryStateStore(config), true, e.getMessage(), Map.of());
        } catch (EOFException e) {
            return new Restored(new InMemoryStateStore(config), true, "truncated", Map.of());
        } catch (IOException | RuntimeException e) {
            return new Restored(new InMemoryStateStore(config), true, "unreadable: " + e, Map.of());
        }
    }

    /**
     * Checks the whole file before anything is decoded: header, length, end mark and checksum. A
     * damaged file is thus refused before a single object is built from it, so even what decoding
     * registers globally (user agent family codes) never comes from a damaged file.
     */
    private static void verify(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream raw = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16)) {
            long size = channel.size();
            DataInputStream in = new DataInputStream(raw);
            if (size < 8) {
                throw new StateCodec.CorruptStateException(size == 0 ? "truncated: empty file" : "truncated: " + size + " bytes");
            }
            StateCodec.check(in.readInt() == MAGIC, "not a Login Telemetry state snapshot");
            int version = in.readInt();
            if (version != StateCodec.FORMAT_VERSION) {
                throw new StateCodec.CorruptStateException("snapshot format version " + version
                        + ", this release reads version " + StateCodec.FORMAT_VERSION);
            }
            if (size < HEADER_BYTES + 1 + TRAILER_BYTES) {
                throw new StateCodec.CorruptStateException("truncated: " + size + " bytes");
            }
            ByteBuffer tail = ByteBuffer.allocate(TRAILER_BYTES);
            channel.read(tail, size - TRAILER_BYTES);
            tail.flip();
            long length = tail.getLong();
            int stored = tail.getInt();
            if (tail.getInt() != END_MAGIC || length != size - TRAILER_BYTES) {
                throw new StateCodec.CorruptStateException("truncated: " + size + " bytes, no end record");
            }
            CRC32 crc = new CRC32();
            crc.update(new byte[] {(byte) (MAGIC >>> 24), (byte) (MAGIC >>> 16), (byte) (MAGIC >>> 8), (byte) MAGIC,
                    (byte) (version >>> 24), (byte) (version >>> 16), (byte) (version >>> 8), (byte) version});
            byte[] buffer = new byte[1 << 16];
            long left = length - 8;
            while (left > 0) {
                int n = raw.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new StateCodec.CorruptStateException("truncated while being read");
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
            if ((int) crc.getValue() != stored) {
                throw new StateCodec.CorruptStateException("bad checksum");
            }
        }
    }

    private static Map<String, Long> read(InMemoryStateStore store, InputStream raw) throws IOException {
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
        int magic = in.readInt();
        StateCodec.check(magic == MAGIC, "not a Login Telemetry state snapshot");
        int version = in.readInt();
        if (version != StateCodec.FORMAT_VERSION) {
            throw new StateCodec.CorruptStateException("snapshot format version " + version
                    + ", this release reads version " + StateCodec.FORMAT_VERSION);
        }
        long clock = in.readLong();
        in.readLong(); // when written: for people reading the file, not for us
        if (clock != Long.MIN_VALUE) {
            store.clock().advanceTo(clock);
        }
        long accounts = 0;
        long ips = 0;
        long devices = 0;
        long sessions = 0;
        long market = 0;
        // Restored sets and sessions share the restored accounts' id strings, as live ones do.
        Map<String, String> ids = new HashMap<>();
        long deviceSince = clock == Long.MIN_VALUE ? Long.MIN_VALUE : clock - store.deviceExpiryMillis();
        byte[] buffer = new byte[256];
        while (true) {
            byte kind = in.readByte();
            if (kind == END) {
                break;
            }
            switch (kind) {
                case ACCOUNT -> {
                    int touched = in.readInt();
                    buffer = body(in, buffer);
                    AccountState a = decode(buffer, AccountState::read);
                    ids.put(a.id(), a.id());
                    accounts += store.accountTable().restore(a.id(), a, touched) ? 1 : 0;
                }
                case IPV4 -> {
                    int touched = in.readInt();
                    int bits = in.readInt();
                    buffer = body(in, buffer);
                    AccountSet set = decode(buffer, AccountSet::read);
                    set.canonicalize(id -> ids.getOrDefault(id, id));
                    ips += store.ipv4Table().restore(IpAddress.ofV4(bits), set, touched) ? 1 : 0;
                }
                case IPV6 -> {
                    int touched = in.readInt();
                    long high = in.readLong();
                    long low = in.readLong();
                    buffer = body(in, buffer);
                    AccountSet set = decode(buffer, AccountSet::read);
                    set.canonicalize(id -> ids.getOrDefault(id, id));
                    ips += store.ipv6Table().restore(IpAddress.ofV6(high, low), set, touched) ? 1 : 0;
                }
                case DEVICE -> {
                    String device = StateCodec.readString(in);
                    StateCodec.check(device != null, "device without id");
                    buffer = body(in, buffer);
                    AccountSet set = decode(buffer, AccountSet::read);
                    set.canonicalize(id -> ids.getOrDefault(id, id));
                    if (set.latest() >= deviceSince) {
                        store.deviceCache().put(device, set);
                        devices++;
                    }
                }
                case SESSION -> {
                    int touched = in.readInt();
                    buffer = body(in, buffer);
                    SessionState s = decode(buffer, SessionState::readSession);
                    sessions += store.sessionTable().restore(s.sessionId(), s, touched) ? 1 : 0;
                }
                case MARKET_ACCOUNT -> {
                    buffer = body(in, buffer);
                    MarketState m = decode(buffer, MarketState::read);
                    store.marketplace().accountCache().put(m.id(), m);
                    market++;
                }
                case IDENTIFIER -> {
                    String key = StateCodec.readString(in);
                    StateCodec.check(key != null, "identifier without key");
                    buffer = body(in, buffer);
                    KeyAccounts k = decode(buffer, KeyAccounts::read);
                    store.marketplace().identifierCache().put(key, k);
                    market++;
                }
                case IP_LOGINS -> {
                    boolean v4 = in.readBoolean();
                    long high = in.readLong();
                    long low = in.readLong();
                    buffer = body(in, buffer);
                    IpLogins l = decode(buffer, IpLogins::read);
                    store.marketplace().ipLoginCache().put(v4 ? IpAddress.ofV4((int) low) : IpAddress.ofV6(high, low), l);
                    market++;
                }
                case RATE -> {
                    buffer = body(in, buffer);
                    String[] key = new String[1];
                    RateSample r = decode(buffer, d -> RateSample.read(d, key));
                    store.marketplace().rateCache().put(key[0], r);
                    market++;
                }
                case LINK_GRAPH -> {
                    buffer = body(in, buffer);
                    int[] linked = new int[1];
                    decode(buffer, d -> {
                        linked[0] = store.marketplace().links().read(d);
                        return Boolean.TRUE;
                    });
                    market += linked[0];
                }
                case TEXT_SIGNATURE -> {
                    buffer = body(in, buffer);
                    decode(buffer, d -> {
                        String owner = StateCodec.readString(d);
                        long time = d.readLong();
                        int length = d.readUnsignedShort();
                        StateCodec.check(owner != null && length > 0 && length <= MAX_SIGNATURE, "text signature");
                        int[] signature = new int[length];
                        for (int i = 0; i < length; i++) {
                            signature[i] = d.readInt();
                        }
                        store.marketplace().texts().restore(owner, signature, time);
                        return Boolean.TRUE;
                    });
                    market++;
                }
                default -> throw new StateCodec.CorruptStateException("corrupt: record kind " + kind);
            }
        }
        int expected = (int) crc.getValue();
        DataInputStream trailer = new DataInputStream(raw);
        trailer.readLong();
        int stored = trailer.readInt();
        trailer.readInt();
        if (stored != expected) {
            throw new StateCodec.CorruptStateException("bad checksum");
        }
        if (raw.read() != -1) {
            throw new StateCodec.CorruptStateException("bytes after the end of the snapshot");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("accounts", accounts);
        counts.put("ips", ips);
        counts.put("devices", devices);
        counts.put("sessions", sessions);
        counts.put("marketplace", market);
        return counts;
    }

    /** Reads one length-prefixed body into {@code buffer} (grown if needed), leaving its length first. */
    private static byte[] body(DataInputStream in, byte[] buffer) throws IOException {
        int n = in.readInt();
        StateCodec.check(n >= 0 && n <= MAX_BODY, "object length " + n);
        byte[] b = buffer.length >= n + 4 ? buffer : new byte[Math.max(n + 4, buffer.length * 2)];
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        in.readFully(b, 4, n);
        return b;
    }

    private static <T> T decode(byte[] buffer, StateCodec.Reader<T> reader) throws IOException {
        int n = (buffer[0] & 0xFF) << 24 | (buffer[1] & 0xFF) << 16 | (buffer[2] & 0xFF) << 8 | buffer[3] & 0xFF;
        ByteArrayInputStream bytes = new ByteArrayInputStream(buffer, 4, n);
        T value;
        try {
            value = reader.read(new DataInputStream(bytes));
        } catch (EOFException e) {
            throw new StateCodec.CorruptStateException("corrupt: an object shorter than its length");
        } catch (RuntimeException e) {
            throw new StateCodec.CorruptStateException("corrupt: " + e.getMessage());
        }
        StateCodec.check(bytes.available() == 0, "an object longer than its content");
        return value;
    }

    /** One object's body, copied into memory under its monitor and written out after. */
    private static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private final DataOutputStream out = new DataOutputStream(bytes);

        void fill(StateCodec.Writer writer) throws IOException {
            bytes.reset();
            writer.write(out);
        }

        void writeTo(DataOutputStream target) throws IOException {
            target.writeInt(bytes.size());
            bytes.writeTo(target);
        }
    }
}
