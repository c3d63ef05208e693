package io.logintelemetry.geoip.testing;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Values whose MaxMind DB type cannot be told from a plain Java object.
 *
 * <p>The format has five unsigned integer widths, a signed 32-bit integer, two floating-point widths and
 * raw bytes; a Java {@code Integer} or {@code Double} alone does not say which one a field should be.
 * MaxMind's own databases use fixed types per field ({@code accuracy_radius} is a uint16,
 * {@code geoname_id} and {@code autonomous_system_number} are uint32), and strict readers such as
 * libmaxminddb report the stored type, so test data states it with these wrappers.
 *
 * <p>Plain Java values are mapped by {@link DataSectionEncoder}: see there for the defaults.
 */
public sealed interface MmdbValue {

    /** An unsigned 16-bit integer (type 5). */
    record Uint16(int value) implements MmdbValue {
        public Uint16 {
            if (value < 0 || value > 0xFFFF) {
                throw new IllegalArgumentException("uint16 out of range: " + value);
            }
        }
    }

    /** An unsigned 32-bit integer (type 6). */
    record Uint32(long value) implements MmdbValue {
        public Uint32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("uint32 out of range: " + value);
            }
        }
    }

    /** An unsigned 64-bit integer (extended type 9); kept as a BigInteger so the top bit is usable. */
    record Uint64(BigInteger value) implements MmdbValue {
        public Uint64 {
            if (value.signum() < 0 || value.bitLength() > 64) {
                throw new IllegalArgumentException("uint64 out of range: " + value);
            }
        }
    }

    /** An unsigned 128-bit integer (extended type 10). */
    record Uint128(BigInteger value) implements MmdbValue {
        public Uint128 {
            if (value.signum() < 0 || value.bitLength() > 128) {
                throw new IllegalArgumentException("uint128 out of range: " + value);
            }
        }
    }

    /** A signed 32-bit integer (extended type 8). */
    record Int32(int value) implements MmdbValue {
    }

    /** A 32-bit IEEE 754 float (extended type 15). */
    record Float32(float value) implements MmdbValue {
    }

    /** Raw bytes (type 4). Compared by content so equal byte strings share one data-section entry. */
    record Bytes(byte[] value) implements MmdbValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + "]";
        }
    }

    static Uint16 uint16(int value) {
        return new Uint16(value);
    }

    static Uint32 uint32(long value) {
        return new Uint32(value);
    }

    static Uint64 uint64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint64 from a negative long: " + value + "; use uint64(BigInteger)");
        }
        return new Uint64(BigInteger.valueOf(value));
    }

    static Uint64 uint64(BigInteger value) {
        return new Uint64(value);
    }

    static Uint128 uint128(BigInteger value) {
        return new Uint128(value);
    }

    static Int32 int32(int value) {
        return new Int32(value);
    }

    static Float32 float32(float value) {
        return new Float32(value);
    }

    static Bytes bytes(byte[] value) {
        return new Bytes(value);
    }
}
