package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Framing of one log record, shared by the segmented and the MapDB log: {@code int length} of the
 * body, {@code int crc} (CRC32C of the body), body = {@code long index, long term, byte type,
 * payload}. Big-endian.
 */
final class RecordCodec {
    static final int HEADER = 8;
    static final int BODY_FIXED = 17;
    static final int MIN_RECORD = HEADER + BODY_FIXED;
    /** One checksum object per thread, reset per record: the log writer frames every entry with it. */
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private RecordCodec() {
    }

    static int recordSize(Entry e) {
        return HEADER + BODY_FIXED + e.data().length;
    }

    /** Writes the record at the buffer's position, advancing it. */
    static void encode(Entry e, ByteBuffer out) {
        int start = out.position();
        int bodyLength = BODY_FIXED + e.data().length;
        out.putInt(bodyLength);
        out.putInt(0);
        int bodyStart = out.position();
        out.putLong(e.index()).putLong(e.term()).put(e.type().code()).put(e.data());
        ByteBuffer body = out.duplicate().position(bodyStart).limit(bodyStart + bodyLength);
        out.putInt(start + 4, checksum(body));
    }

    static byte[] encode(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(recordSize(e));
        encode(e, b);
        return b.array();
    }

    /**
     * Decodes the record starting at the buffer's position (which must hold the whole record) and
     * advances past it. Returns null, leaving the position unchanged, when framing, checksum or type
     * are wrong, so callers decide how to report it.
     */
    static Entry tryDecode(ByteBuffer in) {
        return tryDecode(in, CRC.get());
    }

    /** As {@link #tryDecode(ByteBuffer)}, checksumming with the caller's {@code crc}: no thread-local lookup per record. */
    static Entry tryDecode(ByteBuffer in, CRC32C crc) {
        int start = in.position();
        if (!valid(in, start, in.remaining(), crc)) {
            return null;
        }
        int bodyLength = in.getInt(start);
        byte[] data = new byte[bodyLength - BODY_FIXED];
        in.get(start + HEADER + BODY_FIXED, data);
        in.position(start + HEADER + bodyLength);
        return new Entry(index(in, start), term(in, start), EntryType.ofCode(in.get(start + HEADER + 16)), data);
    }

    /**
     * Whether a whole, well-formed record starts at {@code pos} within the {@code available} bytes
     * from there: length in range, checksum, a known type, index and term at least 1. Reads in place
     * and allocates nothing, so the scan on open checks a million records without an object per
     * record; {@link #index}, {@link #term} and {@link #isConfiguration} then read its fields.
     */
    static boolean valid(ByteBuffer in, int pos, int available, CRC32C crc) {
        if (available < MIN_RECORD) {
            return false;
        }
        int bodyLength = in.getInt(pos);
        if (bodyLength < BODY_FIXED || bodyLength > available - HEADER) {
            return false;
        }
        crc.reset();
        if (in.hasArray()) {
            crc.update(in.array(), in.arrayOffset() + pos + HEADER, bodyLength);
        } else {
            crc.update(in.duplicate().position(pos + HEADER).limit(pos + HEADER + bodyLength));
        }
        return (int) crc.getValue() == in.getInt(pos + 4) && EntryType.isCode(in.get(pos + HEADER + 16))
                && index(in, pos) >= 1 && term(in, pos) >= 1;
    }

    /** Index of the record at {@code pos}; meaningful once {@link #valid} said so. */
    static long index(ByteBuffer in, int pos) {
        return in.getLong(pos + HEADER);
    }

    /** Term of the record at {@code pos}; meaningful once {@link #valid} said so. */
    static long term(ByteBuffer in, int pos) {
        return in.getLong(pos + HEADER + 8);
    }

    /** Whether the record at {@code pos} holds a configuration; meaningful once {@link #valid} said so. */
    static boolean isConfiguration(ByteBuffer in, int pos) {
        return in.get(pos + HEADER + 16) == EntryType.CONFIGURATION.code();
    }

    private static int checksum(ByteBuffer body) {
        CRC32C crc = CRC.get();
        crc.reset();
        crc.update(body);
        return (int) crc.getValue();
    }

    /** Length of the whole record whose header starts at {@code pos}, or -1 if the length field is impossible. */
    static int recordLength(ByteBuffer in, int pos) {
        int bodyLength = in.getInt(pos);
        return bodyLength < BODY_FIXED ? -1 : HEADER + bodyLength;
    }
}
