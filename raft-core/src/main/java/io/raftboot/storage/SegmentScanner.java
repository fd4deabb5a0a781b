package io.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a segment file front to back on open, rebuilding its in-memory index, and finds where the
 * valid records end. Reads in large chunks rather than per record.
 */
final class SegmentScanner {
    private static final int CHUNK = 1 << 20;

    /**
     * Outcome: {@code validEnd} is the end of the last valid record; {@code corruptAt} is -1 when
     * every byte after the segment header is valid records followed by nothing but zeros.
     */
    record Result(long validEnd, long corruptAt, long fileSize, String problem) {
    }

    private SegmentScanner() {
    }

    /**
     * Adds every valid record to {@code segment} in order, starting at its first index, until the
     * end of the file, a zero record header (the zero-filled tail of a preallocated segment), or the
     * first record that is torn, fails its checksum, or breaks the index sequence or term order.
     * Each record is checked in place in the chunk it was read into, with no object per record (a
     * long log's open scans a million of them), and configuration records are noted in the segment
     * so that opening the engine need not read the log for them.
     */
    static Result scan(Segment segment, long previousTerm) throws IOException {
        FileChannel ch = segment.channel;
        long fileSize = ch.size();
        long pos = Segment.HEADER_SIZE;
        long expected = segment.firstIndex;
        long lastTerm = previousTerm;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).limit(0);
        CRC32C crc = new CRC32C();
        long bufStart = pos;
        while (pos < fileSize) {
            int headerBytes = (int) Math.min(RecordCodec.HEADER, fileSize - pos);
            if (pos + headerBytes > bufStart + buf.limit()) {
                buf = fill(ch, buf, pos, headerBytes, fileSize);
                bufStart = pos;
            }
            if (Zeros.isZero(buf, (int) (pos - bufStart), headerBytes)) {
                return endOfRecords(ch, pos, headerBytes, fileSize);
            }
            if (fileSize - pos < RecordCodec.MIN_RECORD) {
                return new Result(pos, pos, fileSize, "torn record header");
            }
            int length = RecordCodec.recordLength(buf, (int) (pos - bufStart));
            if (length < 0 || length > fileSize - pos) {
                return new Result(pos, pos, fileSize, length < 0 ? "impossible record length" : "record runs past end of file");
            }
            if (pos + length > bufStart + buf.limit()) {
                buf = fill(ch, buf, pos, length, fileSize);
                bufStart = pos;
            }
            int at = (int) (pos - bufStart);
            if (!RecordCodec.valid(buf, at, length, crc)) {
                return new Result(pos, pos, fileSize, "checksum or framing mismatch");
            }
            long index = RecordCodec.index(buf, at);
            long term = RecordCodec.term(buf, at);
            if (index != expected) {
                return new Result(pos, pos, fileSize, "index " + index + " where " + expected + " was expected");
            }
            if (term < lastTerm) {
                return new Result(pos, pos, fileSize, "term " + term + " below previous term " + lastTerm);
            }
            segment.add(pos, term, pos + length, RecordCodec.isConfiguration(buf, at));
            lastTerm = term;
            expected++;
            pos += length;
        }
        return new Result(pos, -1, fileSize, null);
    }

    /**
     * The records end at {@code pos}, where a zero header starts (no record has a zero length). Since
     * records are written in order, nothing but zeros may follow: preallocated space, or the zeroed
     * records of a truncation. Any other byte there is damage at {@code pos}, judged by the caller
     * like any other (a torn write, or corruption when valid records follow). A header that is no
     * longer zero when looked at again was written meanwhile by the node whose live directory an
     * inspector is reading: the records end at {@code pos} as of this scan.
     */
    private static Result endOfRecords(FileChannel ch, long pos, int headerBytes, long fileSize) throws IOException {
        long nonZero = Zeros.firstNonZero(ch, pos + headerBytes, fileSize);
        if (nonZero < 0 || Zeros.firstNonZero(ch, pos, pos + headerBytes) >= 0) {
            return new Result(pos, -1, fileSize, null);
        }
        return new Result(pos, pos, fileSize, "zero record header followed by non-zero bytes at offset " + nonZero);
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
