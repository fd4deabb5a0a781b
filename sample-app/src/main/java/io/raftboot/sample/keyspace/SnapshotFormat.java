package io.raftboot.sample.keyspace;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The keyspace snapshot format. All integers are unsigned LEB128 varints unless noted.
 * <pre>
 *   magic          4 bytes  "RBKS"
 *   version        1 byte   1 or 2
 *   lastWriteTime  varint   leader time of the last applied write
 *   count          varint   number of entries
 *   count times:   keyLength varint, key bytes,
 *                  (version 2 only) type 1 byte: 0 string, 1 hash, 2 list, 3 set, 4 sorted set
 *                  value: string: length varint, bytes
 *                         hash:   field count varint, then field and value, each length + bytes
 *                         list:   element count varint, then each element, length + bytes, head first
 *                         set:    member count varint, then each member, length + bytes
 *                         zset:   member count varint, then by ascending score each member,
 *                                 length + bytes, and its score, 8 bytes IEEE 754 big-endian (never NaN)
 *                  expireAt varint (epoch millis, 0 = no expiry)
 *   checksum       4 bytes  CRC32C of every byte above, big-endian
 * </pre>
 * Nothing may follow the checksum. Version 1 is version 2 without the type byte, when only strings
 * existed. A keyspace holding only strings is still written as version 1, byte for byte as before, so
 * that during a rolling upgrade a member on the previous build can install a snapshot an upgraded
 * leader sends, until the first hash, list, set or sorted set is written. Collections are never empty.
 */
final class SnapshotFormat {

    static final byte[] MAGIC = {'R', 'B', 'K', 'S'};
    /** The version written when the keyspace holds only strings; still read. */
    static final int VERSION_STRINGS_ONLY = 1;
    /** The version with a type byte per entry: strings, hashes, lists and sets. */
    static final int VERSION = 2;

    static final int TYPE_STRING = 0;
    static final int TYPE_HASH = 1;
    static final int TYPE_LIST = 2;
    static final int TYPE_SET = 3;
    static final int TYPE_ZSET = 4;
    /** More elements than this in one collection can only be corruption (the table itself holds ints). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** No stored string can be longer; a longer length can only be corruption. */
    static final long MAX_LENGTH = StringCommands.MAX_STRING_LENGTH;

    private SnapshotFormat() {
    }

    /** Writes the varint in one call: each call on a BufferedOutputStream takes its lock. */
    static void writeVarLong(OutputStream out, long value) throws IOException {
        byte[] bytes = new byte[10];
        int n = 0;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[n++] = (byte) v;
        out.write(bytes, 0, n);
    }

    static long readVarLong(InputStream in, String field) throws IOException {
        return readVarLong(in, field, -1, "");
    }

    /**
     * Reads a varint of entry {@code entry} (-1: not an entry). The field's name is only built for
     * an error, so restoring a large snapshot does not allocate names per entry.
     */
    static long readVarLong(InputStream in, String field, long entry, String suffix) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw truncated(name(field, entry, suffix));
            }
            if (shift == 63 && (b & 0x7E) != 0) {
                throw corrupt(name(field, entry, suffix) + " does not fit in 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt(name(field, entry, suffix) + " is longer than 10 bytes");
    }

    /** Reads the length-prefixed bytes of {@code field} of entry {@code entry}. */
    static byte[] readBytes(InputStream in, String field, long entry) throws IOException {
        long length = readVarLong(in, field, entry, " length");
        if (length < 0 || length > MAX_LENGTH) {
            throw corrupt(name(field, entry, " length") + " " + Long.toUnsignedString(length)
                    + " exceeds " + MAX_LENGTH);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw truncated(name(field, entry, ""));
        }
        return bytes;
    }

    private static String name(String field, long entry, String suffix) {
        return (entry < 0 ? field : field + " " + entry) + suffix;
    }

    static SnapshotFormatException corrupt(String reason) {
        return new SnapshotFormatException("keyspace snapshot is corrupt: " + reason);
    }

    static SnapshotFormatException truncated(String field) {
        return new SnapshotFormatException("keyspace snapshot is truncated: input ended inside " + field,
                new EOFException());
    }
}
