package io.raftboot.sample.keyspace;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a snapshot written by {@link KeyspaceSnapshot#writeTo} and replaces a keyspace with it.
 * The keyspace is only touched once the whole input has been read and its checksum verified, so a
 * corrupt snapshot leaves the current state as it was.
 */
public final class KeyspaceRestorer {

    private KeyspaceRestorer() {
    }

    /** Replaces {@code target}'s whole state; reads {@code source} to its end but does not close it. */
    public static void restore(Keyspace target, InputStream source) throws IOException {
        CRC32C crc = new CRC32C();
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        CheckedInputStream in = new CheckedInputStream(buffered, crc);

        byte[] magic = in.readNBytes(SnapshotFormat.MAGIC.length);
        if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
            throw SnapshotFormat.corrupt("bad magic " + HexFormat.of().formatHex(magic)
                    + ", expected " + HexFormat.of().formatHex(SnapshotFormat.MAGIC) + " (\"RBKS\")");
        }
        int version = in.read();
        if (version != SnapshotFormat.VERSION && version != SnapshotFormat.VERSION_STRINGS_ONLY) {
            throw new SnapshotFormatException("keyspace snapshot version " + version
                    + " is not supported (this build reads versions " + SnapshotFormat.VERSION_STRINGS_ONLY
                    + " to " + SnapshotFormat.VERSION + ")");
        }
        long lastWriteTime = SnapshotFormat.readVarLong(in, "last write time");
        long count = SnapshotFormat.readVarLong(in, "entry count");
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw SnapshotFormat.corrupt("entry count " + Long.toUnsignedString(count) + " is out of range");
        }
        KeyTable<StoredValue> entries = new KeyTable<>();
        for (long i = 0; i < count; i++) {
            Key key = Key.of(SnapshotFormat.readBytes(in, "key", i));
            Object value = version == SnapshotFormat.VERSION_STRINGS_ONLY
                    ? SnapshotFormat.readBytes(in, "value", i)
                    : readValue(in, i);
            long expireAt = SnapshotFormat.readVarLong(in, "expiry", i, "");
            if (expireAt < 0) {
                throw SnapshotFormat.corrupt("expiry of entry " + i + " is negative");
            }
            if (entries.put(key, new StoredValue(value, expireAt)) != null) {
                throw SnapshotFormat.corrupt("key " + i + " appears twice");
            }
        }
        int computed = (int) crc.getValue();
        byte[] stored = buffered.readNBytes(4);
        if (stored.length != 4) {
            throw SnapshotFormat.truncated("checksum");
        }
        int expected = ((stored[0] & 0xff) << 24) | ((stored[1] & 0xff) << 16) | ((stored[2] & 0xff) << 8)
                | (stored[3] & 0xff);
        if (expected != computed) {
            throw SnapshotFormat.corrupt(String.format("checksum mismatch (stored %08x, computed %08x)",
                    expected, computed));
        }
        if (buffered.read() >= 0) {
            throw SnapshotFormat.corrupt("unexpected bytes after the checksum");
        }
        target.replaceWith(entries, lastWriteTime);
    }

    /** A version-2 value of entry {@code i}: a type byte, then a string or a collection's elements. */
    private static Object readValue(InputStream in, long i) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw SnapshotFormat.truncated("type " + i);
        }
        if (type == SnapshotFormat.TYPE_STRING) {
            return SnapshotFormat.readBytes(in, "value", i);
        }
        long count = SnapshotFormat.readVarLong(in, "element count", i, "");
        if (count < 1 || count > SnapshotFormat.MAX_ELEMENTS) {
            throw SnapshotFormat.corrupt("element count " + Long.toUnsignedString(count) + " of entry " + i
                    + " is out of range");
        }
        switch (type) {
            case SnapshotFormat.TYPE_HASH -> {
                HashValue hash = new HashValue();
                for (long n = 0; n < count; n++) {
                    byte[] field = SnapshotFormat.readBytes(in, "hash field", i);
                    if (!hash.putIfAbsent(field, SnapshotFormat.readBytes(in, "hash value", i))) {
                        throw SnapshotFormat.corrupt("a field of entry " + i + " appears twice");
                    }
                }
                return hash;
            }
            case SnapshotFormat.TYPE_LIST -> {
                ListValue list = new ListValue();
                for (long n = 0; n < count; n++) {
                    list.addLast(SnapshotFormat.readBytes(in, "list element", i));
                }
                return list;
            }
            case SnapshotFormat.TYPE_SET -> {
                SetValue set = new SetValue();
                for (long n = 0; n < count; n++) {
                    if (!set.add(SnapshotFormat.readBytes(in, "set member", i))) {
                        throw SnapshotFormat.corrupt("a member of entry " + i + " appears twice");
                    }
                }
                return set;
            }
            case SnapshotFormat.TYPE_ZSET -> {
                ZSetValue zset = new ZSetValue();
                for (long n = 0; n < count; n++) {
                    Key member = Key.of(SnapshotFormat.readBytes(in, "sorted set member", i));
                    byte[] bits = in.readNBytes(8);
                    if (bits.length != 8) {
                        throw SnapshotFormat.truncated("score of entry " + i);
                    }
                    double score = java.nio.ByteBuffer.wrap(bits).getDouble();
                    if (Double.isNaN(score)) {
                        throw SnapshotFormat.corrupt("a score of entry " + i + " is NaN");
                    }
                    if (zset.score(member) != null) {
                        throw SnapshotFormat.corrupt("a member of entry " + i + " appears twice");
                    }
                    zset.put(member, score);
                }
                return zset;
            }
            default -> throw SnapshotFormat.corrupt("unknown type " + type + " of entry " + i);
        }
    }
}
