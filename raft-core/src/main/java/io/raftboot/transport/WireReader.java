package io.raftboot.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked reading of the peer wire format. Every declared length is checked against the
 * bytes actually present before anything is allocated, so hostile input cannot make it allocate
 * more than the input's own size. Malformed input raises {@link IllegalArgumentException}.
 */
final class WireReader {
    private final byte[] data;
    private int pos;

    WireReader(byte[] data) {
        this.data = data;
    }

    int remaining() {
        return data.length - pos;
    }

    int readByte() {
        if (pos >= data.length) {
            throw truncated();
        }
        return data[pos++] & 0xFF;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            if (shift == 63 && (b & 0x7E) != 0) {
                throw new IllegalArgumentException("varint overflows 64 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** A varint that must be in [0, max]. */
    int readLength(long max, String what) {
        long value = readVarLong();
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("invalid " + what + " " + value + " (at most " + max + ")");
        }
        return (int) value;
    }

    byte[] readBytes() {
        int length = readLength(remaining(), "byte string length");
        byte[] bytes = Arrays.copyOfRange(data, pos, pos + length);
        pos += length;
        return bytes;
    }

    String readString() {
        int length = readLength(Math.min(remaining(), 0xFFFF), "string length");
        String text = new String(data, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return text;
    }

    boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new IllegalArgumentException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    private static IllegalArgumentException truncated() {
        return new IllegalArgumentException("truncated message");
    }
}
