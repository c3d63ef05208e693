package io.logintelemetry.state;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The binary form of the state objects ({@link AccountState}, {@link AccountSet}, {@link SessionState}),
 * shared by the snapshot file ({@link StateSnapshot}) and by stores that keep state elsewhere.
 *
 * <p>The layout follows the objects' own primitive fields, so encoding an account is a few hundred
 * bytes copied under its monitor, no reflection and no intermediate objects. Names that a newer
 * release could renumber (signals, actions, severities, user agent families) are written as text,
 * never as ordinals. A stand-alone blob ({@link #encode}) is {@code [version][body][CRC-32]}; an
 * unknown version or a bad checksum is refused with {@link CorruptStateException} naming the reason.
 *
 * <p>Readers bound every length they read, so a damaged input fails with a clear reason instead of
 * allocating what a flipped byte asks for.
 */
public final class StateCodec {

    /** Version of the object layout; bumped on any change to what {@code write}/{@code read} exchange. */
    public static final int FORMAT_VERSION = 2;

    /** Longest string we accept when reading (ids and labels are far shorter). */
    static final int MAX_STRING_BYTES = 64 * 1024;
    /** Most entries in any array we read (sets and rings are capped well below). */
    static final int MAX_ENTRIES = 1 << 16;

    private StateCodec() {
    }

    /** Input refused: truncated, a bad checksum, an unknown version or a value out of range. */
    public static final class CorruptStateException extends IOException {
        private static final long serialVersionUID = 1L;

        public CorruptStateException(String reason) {
            super(reason);
        }
    }

    /** Writes one object's body. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutput out) throws IOException;
    }

    /** Reads one object's body. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    /** The account as a stand-alone blob. Takes the account's monitor while copying it. */
    public static byte[] encode(AccountState account) {
        synchronized (account) {
            return blob(account::write);
        }
    }

    /** The set as a stand-alone blob. Takes the set's monitor while copying it. */
    public static byte[] encode(AccountSet set) {
        synchronized (set) {
            return blob(set::write);
        }
    }

    /**
     * The session as a stand-alone blob. Takes the session's monitor while copying it. (Named apart
     * from {@link #encode(AccountState)}: an account is also a session holder, see {@link SessionState}.)
     */
    public static byte[] encodeSession(SessionState session) {
        synchronized (session) {
            return blob(session::writeSession);
        }
    }

    public static AccountState decodeAccount(byte[] blob) throws CorruptStateException {
        return unblob(blob, AccountState::read);
    }

    public static AccountSet decodeSet(byte[] blob) throws CorruptStateException {
        return unblob(blob, AccountSet::read);
    }

    public static SessionState decodeSession(byte[] blob) throws CorruptStateException {
        return unblob(blob, SessionState::readSession);
    }

    private static byte[] blob(Writer body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT_VERSION);
            body.write(out);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to memory", e);
        }
    }

    private static <T> T unblob(byte[] blob, Reader<T> reader) throws CorruptStateException {
        if (blob == null || blob.length < 5) {
            throw new CorruptStateException("truncated: " + (blob == null ? 0 : blob.length) + " bytes");
        }
        int version = blob[0] & 0xFF;
        if (version != FORMAT_VERSION) {
            throw new CorruptStateException("unknown format version " + version + " (this release reads " + FORMAT_VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(blob, 0, blob.length - 4);
        int stored = (blob[blob.length - 4] & 0xFF) << 24 | (blob[blob.length - 3] & 0xFF) << 16
                | (blob[blob.length - 2] & 0xFF) << 8 | blob[blob.length - 1] & 0xFF;
        if ((int) crc.getValue() != stored) {
            throw new CorruptStateException("bad checksum");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob, 1, blob.length - 5));
        try {
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new CorruptStateException(in.available() + " unread bytes after the object");
            }
            return value;
        } catch (CorruptStateException e) {
            throw e;
        } catch (EOFException e) {
            throw new CorruptStateException("truncated object");
        } catch (IOException | RuntimeException e) {
            throw new CorruptStateException("unreadable object: " + e.getMessage());
        }
    }

    // ---- helpers for the state classes' write/read methods ----

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        check(n >= 0 && n <= MAX_STRING_BYTES, "string length " + n);
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count read from the input, refused outside {@code [0, max]}. */
    static int readCount(DataInput in, int max) throws IOException {
        int n = in.readInt();
        check(n >= 0 && n <= max, "count " + n + " out of range");
        return n;
    }

    static void check(boolean ok, String what) throws CorruptStateException {
        if (!ok) {
            throw new CorruptStateException("corrupt: " + what);
        }
    }

    static <E extends Enum<E>> void writeEnum(DataOutput out, E value) throws IOException {
        writeString(out, value == null ? null : value.name());
    }

    static <E extends Enum<E>> E readEnum(DataInput in, Class<E> type) throws IOException {
        String name = readString(in);
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException("unknown " + type.getSimpleName() + " " + name);
        }
    }

    static void writeInfo(DataOutput out, IpInfo info) throws IOException {
        if (info == null) {
            out.writeByte(0);
            return;
        }
        if (info == IpInfo.UNKNOWN) {
            out.writeByte(1);
            return;
        }
        out.writeByte(2);
        writeString(out, info.country());
        writeString(out, info.city());
        out.writeLong(info.asn());
        writeString(out, info.organization());
        int types = 0;
        for (NetworkType t : info.types()) {
            types |= 1 << t.ordinal();
        }
        // As names: a new network type in a later release must not shift the others.
        out.writeInt(Integer.bitCount(types));
        for (NetworkType t : info.types()) {
            writeEnum(out, t);
        }
        out.writeDouble(info.latitude());
        out.writeDouble(info.longitude());
        out.writeInt(info.accuracyRadiusKm());
        writeString(out, info.source());
    }

    static IpInfo readInfo(DataInput in) throws IOException {
        int kind = in.readByte();
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return IpInfo.UNKNOWN;
        }
        check(kind == 2, "ip info kind " + kind);
        String country = readString(in);
        String city = readString(in);
        long asn = in.readLong();
        String organization = readString(in);
        int n = readCount(in, NetworkType.values().length);
        Set<NetworkType> types = EnumSet.noneOf(NetworkType.class);
        for (int i = 0; i < n; i++) {
            types.add(readEnum(in, NetworkType.class));
        }
        double latitude = in.readDouble();
        double longitude = in.readDouble();
        int accuracy = in.readInt();
        String source = readString(in);
        return new IpInfo(country, city, asn, organization, types, latitude, longitude, accuracy, source);
    }

    static void writeNetwork(DataOutput out, IpNetwork network) throws IOException {
        if (network == null) {
            out.writeByte(-1);
            return;
        }
        out.writeByte(network.prefixLength());
        out.writeBoolean(network.base().isV4());
        out.writeLong(network.base().high());
        out.writeLong(network.base().low());
    }

    static IpNetwork readNetwork(DataInput in) throws IOException {
        int prefix = in.readByte();
        if (prefix == -1) {
            return null;
        }
        boolean v4 = in.readBoolean();
        long high = in.readLong();
        long low = in.readLong();
        check(prefix >= 0 && prefix <= (v4 ? 32 : 128), "prefix length " + prefix);
        return IpNetwork.of(v4 ? IpAddress.ofV4((int) low) : IpAddress.ofV6(high, low), prefix);
    }

    static void writeSighting(DataOutput out, LoginSighting s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeLong(s.time());
            writeString(out, s.ip());
            writeInfo(out, s.info());
        }
    }

    static LoginSighting readSighting(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new LoginSighting(in.readLong(), readString(in), readInfo(in));
    }

    /** A {@code RecentKeys<String>} or null. */
    static void writeKeys(DataOutput out, RecentKeys<String> keys) throws IOException {
        out.writeBoolean(keys != null);
        if (keys != null) {
            keys.write(out);
        }
    }

    static RecentKeys<String> readKeys(DataInput in) throws IOException {
        return in.readBoolean() ? RecentKeys.read(in) : null;
    }

    static void writeInts(DataOutput out, int[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int v : a) {
                out.writeInt(v);
            }
        }
    }

    static int[] readInts(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        check(n >= 0 && n <= MAX_ENTRIES, "array length " + n);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    static void writeBytes(DataOutput out, byte[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            out.write(a);
        }
    }

    static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        check(n >= 0 && n <= MAX_ENTRIES, "array length " + n);
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }

    static void writeStrings(DataOutput out, String[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (String v : a) {
                writeString(out, v);
            }
        }
    }

    static String[] readStrings(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        check(n >= 0 && n <= MAX_ENTRIES, "array length " + n);
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = readString(in);
        }
        return a;
    }
}
