package io.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Zero bytes in segment files: preallocated space is written as zeros, truncated records are
 * overwritten with zeros, and a record header of zeros is where the records of a segment end (no
 * record has a zero length, see {@link RecordCodec}).
 */
final class Zeros {
    private static final int CHUNK = 64 << 10;
    /** Shared read-only source of zeros; each write takes its own duplicate, so threads may share it. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK).asReadOnlyBuffer();

    private Zeros() {
    }

    /** Writes zeros over [from, to) of the file (extending it if {@code to} is past its end). */
    static void write(FileChannel ch, long from, long to) throws IOException {
        long pos = from;
        while (pos < to) {
            ByteBuffer b = ZEROS.duplicate().limit((int) Math.min(CHUNK, to - pos));
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        }
    }

    /** Offset of the first non-zero byte in [from, to) of the file, or -1 when they are all zero (or absent). */
    static long firstNonZero(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(CHUNK, to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                return -1;
            }
            buf.flip();
            int at = buf.mismatch(ZEROS.duplicate().limit(n));
            if (at >= 0) {
                return pos + at;
            }
            pos += n;
        }
        return -1;
    }

    /** True when the {@code length} bytes at {@code at} in the buffer are all zero. */
    static boolean isZero(ByteBuffer buf, int at, int length) {
        for (int i = at; i < at + length; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
