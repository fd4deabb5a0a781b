package io.raftboot.storage;

import io.raftboot.consensus.Entry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment file front to back on open, rebuilding its in-memory index, and finds where the
 * valid records end. Reads in large chunks rather than per record.
 */
final class SegmentScanner {
    private static final int CHUNK = 1 << 20;

    /** Outcome: {@code corruptAt} is -1 when every byte after the header is valid records. */
    record Result(long validEnd, long corruptAt, long fileSize, String problem) {
    }

    private SegmentScanner() {
    }

    /**
     * Adds every valid record to {@code segment} in order, starting at its first index, until the
     * end of the file or the first record that is torn, fails its checksum, or breaks the index
     * sequence or term order.
     */
    static Result scan(Segment segment, long previousTerm) throws IOException {
        FileChannel ch = segment.channel;
        long fileSize = ch.size();
        long pos = Segment.HEADER_SIZE;
        long expected = segment.firstIndex;
        long lastTerm = previousTerm;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).limit(0);
        long bufStart = pos;
        while (pos < fileSize) {
            if (fileSize - pos < RecordCodec.MIN_RECORD) {
                return new Result(pos, pos, fileSize, "torn record header");
            }
            if (pos + RecordCodec.HEADER > bufStart + buf.limit()) {
                buf = fill(ch, buf, pos, RecordCodec.HEADER, fileSize);
                bufStart = pos;
            }
            int length = RecordCodec.recordLength(buf, (int) (pos - bufStart));
            if (length < 0 || length > fileSize - pos) {
                return new Result(pos, pos, fileSize, length < 0 ? "impossible record length" : "record runs past end of file");
            }
            if (pos + length > bufStart + buf.limit()) {
                buf = fill(ch, buf, pos, length, fileSize);
                bufStart = pos;
            }
            ByteBuffer view = buf.duplicate().position((int) (pos - bufStart)).limit((int) (pos - bufStart) + length);
            Entry e = RecordCodec.tryDecode(view);
            if (e == null) {
                return new Result(pos, pos, fileSize, "checksum or framing mismatch");
            }
            if (e.index() != expected) {
                return new Result(pos, pos, fileSize, "index " + e.index() + " where " + expected + " was expected");
            }
            if (e.term() < lastTerm) {
                return new Result(pos, pos, fileSize, "term " + e.term() + " below previous term " + lastTerm);
            }
            segment.add(pos, e.term(), pos + length);
            lastTerm = e.term();
            expected++;
            pos += length;
        }
        return new Result(pos, -1, fileSize, null);
    }

    private static ByteBuffer fill(FileChannel ch, ByteBuffer buf, long pos, int need, long fileSize) throws IOException {
        ByteBuffer b = buf.capacity() >= need ? buf : ByteBuffer.allocate(Math.max(need, CHUNK));
        b.clear();
        int want = (int) Math.min(b.capacity(), fileSize - pos);
        b.limit(want);
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        b.flip();
        return b;
    }

    /**
     * True when some complete, checksummed record with an index after {@code lastGoodIndex} starts
     * anywhere in [from, end of file): then the damage at {@code from} is not a torn tail.
     */
    static boolean validRecordAfter(FileChannel ch, long from, long lastGoodIndex) throws IOException {
        long fileSize = ch.size();
        if (fileSize - from > Integer.MAX_VALUE - 16) {
            return true; // too large to search; treat as corruption rather than cut gigabytes
        }
        ByteBuffer all = ByteBuffer.allocate((int) (fileSize - from));
        long p = from;
        while (all.hasRemaining()) {
            int n = ch.read(all, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        all.flip();
        for (int i = 1; i + RecordCodec.MIN_RECORD <= all.limit(); i++) {
            int length = RecordCodec.recordLength(all, i);
            if (length < 0 || length > all.limit() - i) {
                continue;
            }
            long index = all.getLong(i + RecordCodec.HEADER);
            if (index <= lastGoodIndex) {
                continue;
            }
            if (RecordCodec.tryDecode(all.duplicate().position(i).limit(i + length)) != null) {
                return true;
            }
        }
        return false;
    }
}
