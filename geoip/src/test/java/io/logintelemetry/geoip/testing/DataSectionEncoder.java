package io.logintelemetry.geoip.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes values into the MaxMind DB data-section format (spec version 2.0, "Output Data Section").
 *
 * <p>Every field starts with a control byte: the top three bits are the type (0 meaning "extended": the
 * real type minus 7 follows in the next byte), the low five bits the payload size. Sizes of 29, 30 and
 * 31 say that one, two or three more bytes (after any extended-type byte) hold the size minus 29, 285
 * and 65,821. Integers are big-endian with leading zero bytes dropped, so zero has size 0.
 *
 * <p>Java values map to types as follows: {@code String} to utf8_string, {@code Double} to double,
 * {@code Float} to float, {@code Boolean} to boolean, a non-negative {@code Integer} to uint32 and a
 * negative one to int32, a non-negative {@code Long} to uint64, {@code BigInteger} to uint128,
 * {@code byte[]} to bytes, {@code Map<String, ?>} to map (in the map's iteration order) and any
 * {@code Collection} to array. {@link MmdbValue} wrappers choose a type explicitly.
 *
 * <p>Two space savers, both optional in the format and both used by MaxMind's own files: a value stored
 * twice through {@link #offsetOf} is written once (records shared by many networks), and a string of
 * three bytes or more that was already written is replaced by a pointer to it (map keys such as
 * {@code "names"} repeat in every record). The second one also means tests exercise the readers'
 * pointer handling. Pointers are relative to the start of the section this encoder writes, which is
 * what the data section needs; the metadata section is encoded without them.
 */
final class DataSectionEncoder {

    private static final int TYPE_POINTER = 1;
    private static final int TYPE_UTF8_STRING = 2;
    private static final int TYPE_DOUBLE = 3;
    private static final int TYPE_BYTES = 4;
    private static final int TYPE_UINT16 = 5;
    private static final int TYPE_UINT32 = 6;
    private static final int TYPE_MAP = 7;
    private static final int TYPE_INT32 = 8;
    private static final int TYPE_UINT64 = 9;
    private static final int TYPE_UINT128 = 10;
    private static final int TYPE_ARRAY = 11;
    private static final int TYPE_BOOLEAN = 14;
    private static final int TYPE_FLOAT = 15;

    /** Shorter strings gain nothing from a pointer, which takes at least two bytes. */
    private static final int MIN_POINTED_STRING_BYTES = 3;
    private static final int MAX_SIZE = 65_821 + 0xFF_FFFF;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean usePointers;
    private final Map<Object, Integer> recordOffsets = new HashMap<>();
    private final Map<String, Integer> stringOffsets = new HashMap<>();

    DataSectionEncoder(boolean usePointers) {
        this.usePointers = usePointers;
    }

    /** The offset of {@code value} in this section, writing it first unless an equal value was written. */
    int offsetOf(Object value) {
        Integer known = recordOffsets.get(value);
        if (known != null) {
            return known;
        }
        int offset = out.size();
        write(value);
        recordOffsets.put(value, offset);
        return offset;
    }

    /** Appends one value, nested values included. */
    void write(Object value) {
        if (value instanceof String s) {
            writeString(s);
        } else if (value instanceof MmdbValue v) {
            writeTyped(v);
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof Float f) {
            writeFloat(f);
        } else if (value instanceof Boolean b) {
            writeControl(TYPE_BOOLEAN, b ? 1 : 0);
        } else if (value instanceof Integer i) {
            if (i < 0) {
                writeInt32(i);
            } else {
                writeUnsigned(TYPE_UINT32, BigInteger.valueOf(i));
            }
        } else if (value instanceof Long l) {
            if (l < 0) {
                throw new IllegalArgumentException("negative Long " + l + " has no MaxMind DB type; use MmdbValue.int32");
            }
            writeUnsigned(TYPE_UINT64, BigInteger.valueOf(l));
        } else if (value instanceof BigInteger b) {
            writeUnsigned(TYPE_UINT128, new MmdbValue.Uint128(b).value());
        } else if (value instanceof byte[] bytes) {
            writeControl(TYPE_BYTES, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map);
        } else if (value instanceof Collection<?> list) {
            writeControl(TYPE_ARRAY, list.size());
            for (Object element : list) {
                write(element);
            }
        } else if (value == null) {
            // The format has no null; a missing field is simply absent from its map.
            throw new IllegalArgumentException("null has no MaxMind DB encoding; leave the key out instead");
        } else {
            throw new IllegalArgumentException("no MaxMind DB type for " + value.getClass().getName());
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    private void writeTyped(MmdbValue value) {
        if (value instanceof MmdbValue.Uint16 v) {
            writeUnsigned(TYPE_UINT16, BigInteger.valueOf(v.value()));
        } else if (value instanceof MmdbValue.Uint32 v) {
            writeUnsigned(TYPE_UINT32, BigInteger.valueOf(v.value()));
        } else if (value instanceof MmdbValue.Uint64 v) {
            writeUnsigned(TYPE_UINT64, v.value());
        } else if (value instanceof MmdbValue.Uint128 v) {
            writeUnsigned(TYPE_UINT128, v.value());
        } else if (value instanceof MmdbValue.Int32 v) {
            writeInt32(v.value());
        } else if (value instanceof MmdbValue.Float32 v) {
            writeFloat(v.value());
        } else if (value instanceof MmdbValue.Bytes v) {
            byte[] bytes = v.value();
            writeControl(TYPE_BYTES, bytes.length);
            out.writeBytes(bytes);
        } else {
            throw new IllegalArgumentException("unknown MmdbValue " + value);
        }
    }

    private void writeMap(Map<?, ?> map) {
        writeControl(TYPE_MAP, map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
            }
            writeString(key);
            write(e.getValue());
        }
    }

    private void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (usePointers && utf8.length >= MIN_POINTED_STRING_BYTES) {
            Integer earlier = stringOffsets.get(s);
            if (earlier != null) {
                writePointer(earlier);
                return;
            }
            stringOffsets.put(s, out.size());
        }
        writeControl(TYPE_UTF8_STRING, utf8.length);
        out.writeBytes(utf8);
    }

    private void writeDouble(double d) {
        writeControl(TYPE_DOUBLE, 8);
        writeBigEndian(Double.doubleToLongBits(d), 8);
    }

    private void writeFloat(float f) {
        writeControl(TYPE_FLOAT, 4);
        writeBigEndian(Float.floatToIntBits(f), 4);
    }

    private void writeInt32(int value) {
        // Readers sign-extend only a full four-byte payload, so negatives must use all four bytes.
        int size = value < 0 ? 4 : minimalBytes(BigInteger.valueOf(value));
        writeControl(TYPE_INT32, size);
        writeBigEndian(value, size);
    }

    private void writeUnsigned(int type, BigInteger value) {
        int size = minimalBytes(value);
        writeControl(type, size);
        byte[] raw = value.toByteArray();
        // toByteArray may carry one leading sign byte; keep only the low `size` bytes.
        out.write(raw, raw.length - size, size);
    }

    private static int minimalBytes(BigInteger nonNegative) {
        return (nonNegative.bitLength() + 7) / 8;
    }

    /**
     * Pointers carry their own size scheme in the five low bits: two bits choose a payload of one to four
     * bytes and three bits extend the first three widths; each wider form starts where the previous ends
     * (offsets 2048 and 526,336) so no pointer value has two encodings.
     */
    private void writePointer(int target) {
        if (target < 2048) {
            out.write((TYPE_POINTER << 5) | (target >>> 8));
            writeBigEndian(target, 1);
        } else if (target < 526_336) {
            int v = target - 2048;
            out.write((TYPE_POINTER << 5) | (1 << 3) | (v >>> 16));
            writeBigEndian(v, 2);
        } else if (target < 526_336 + (1 << 27)) {
            int v = target - 526_336;
            out.write((TYPE_POINTER << 5) | (2 << 3) | (v >>> 24));
            writeBigEndian(v, 3);
        } else {
            out.write((TYPE_POINTER << 5) | (3 << 3));
            writeBigEndian(target, 4);
        }
    }

    private void writeControl(int type, int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("field too large for the format: " + size);
        }
        int sizeBits;
        int extraBytes;
        long extra;
        if (size < 29) {
            sizeBits = size;
            extraBytes = 0;
            extra = 0;
        } else if (size < 285) {
            sizeBits = 29;
            extraBytes = 1;
            extra = size - 29;
        } else if (size < 65_821) {
            sizeBits = 30;
            extraBytes = 2;
            extra = size - 285;
        } else {
            sizeBits = 31;
            extraBytes = 3;
            extra = size - 65_821;
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        writeBigEndian(extra, extraBytes);
    }

    private void writeBigEndian(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
