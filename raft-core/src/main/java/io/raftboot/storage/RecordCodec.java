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
        int start = in.position();
        if (in.remaining() < MIN_RECORD) {
            return null;
        }
        int bodyLength = in.getInt(start);
        if (bodyLength < BODY_FIXED || bodyLength > in.remaining() - HEADER) {
            return null;
        }
        int storedCrc = in.getInt(start + 4);
        if (checksum(in.duplicate().position(start + HEADER).limit(start + HEADER + bodyLength)) != storedCrc) {
            return null;
        }
        long index = in.getLong(start + HEADER);
        long term = in.getLong(start + HEADER + 8);
        byte typeCode = in.get(start + HEADER + 16);
        EntryType type;
        try {
            type = EntryType.ofCode(typeCode);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (index < 1 || term < 1) {
            return null;
        }
        byte[] data = new byte[bodyLength - BODY_FIXED];
        in.get(start + HEADER + BODY_FIXED, data);
        in.position(start + HEADER + bodyLength);
        return new Entry(index, term, type, data);
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
