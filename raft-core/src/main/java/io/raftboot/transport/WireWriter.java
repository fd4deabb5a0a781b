package io.raftboot.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the primitives of the peer wire format (varints, strings). */
final class WireWriter {
    private byte[] buffer;
    private int size;

    WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    void writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    /** Unsigned LEB128: 1 byte below 128, at most 10 bytes for any long (negatives cost 10). */
    void writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    void writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    void writeString(String text) {
        writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("encoded message too large");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
