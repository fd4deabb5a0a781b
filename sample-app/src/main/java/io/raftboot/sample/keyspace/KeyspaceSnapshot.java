package io.raftboot.sample.keyspace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A point-in-time view of the keyspace. Capturing freezes the table on the apply thread without
 * copying its entries; {@link #writeTo} then streams it from any thread while writes continue on the
 * live keyspace, which copy-on-write keeps from touching the frozen view (segments by {@link KeyTable},
 * collections by {@link Keyspace#writable}).
 *
 * <p>Streams once: writing releases the view, after which the live table may reuse its memory.
 */
public final class KeyspaceSnapshot {

    private final FrozenTable<StoredValue> entries;
    private final long lastWriteTime;
    private final int version;

    KeyspaceSnapshot(FrozenTable<StoredValue> entries, long lastWriteTime, boolean holdsCollections) {
        this.entries = entries;
        this.lastWriteTime = lastWriteTime;
        this.version = holdsCollections ? SnapshotFormat.VERSION : SnapshotFormat.VERSION_STRINGS_ONLY;
    }

    public int size() {
        return entries.size();
    }

    /**
     * Streams the snapshot in {@link SnapshotFormat}; flushes but does not close {@code target}.
     * Entries go out in position order, as they always have, so equal states write equal bytes.
     *
     * @throws IllegalStateException if this snapshot was already written
     */
    public void writeTo(OutputStream target) throws IOException {
        Iterator<TableEntry<StoredValue>> it = entries.iterator();
        try {
            // Buffer in front of the checksum, so the CRC is computed over 64 KiB blocks rather than
            // byte by byte: per-byte updates were half of the streaming thread's time.
            CRC32C crc = new CRC32C();
            BufferedOutputStream out = new BufferedOutputStream(new CheckedOutputStream(target, crc), 1 << 16);
            out.write(SnapshotFormat.MAGIC);
            out.write(version);
            SnapshotFormat.writeVarLong(out, lastWriteTime);
            SnapshotFormat.writeVarLong(out, entries.size());
            while (it.hasNext()) {
                TableEntry<StoredValue> e = it.next();
                writeBytes(out, e.key);
                StoredValue value = e.value;
                if (version == SnapshotFormat.VERSION_STRINGS_ONLY) {
                    writeBytes(out, value.bytes());
                } else {
                    writeValue(out, value);
                }
                SnapshotFormat.writeVarLong(out, value.expireAt());
            }
            out.flush(); // every byte above has now passed through the checksum
            target.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            target.flush();
        } finally {
            entries.release();
        }
    }

    private static void writeBytes(OutputStream out, byte[] bytes) throws IOException {
        SnapshotFormat.writeVarLong(out, bytes.length);
        out.write(bytes);
    }

    /** A version-2 value: its type byte, then its contents in the collection's own (deterministic) order. */
    private static void writeValue(OutputStream out, StoredValue value) throws IOException {
        CollectionValue collection = value.collection();
        if (collection == null) {
            out.write(SnapshotFormat.TYPE_STRING);
            writeBytes(out, value.bytes());
        } else if (collection instanceof HashValue hash) {
            out.write(SnapshotFormat.TYPE_HASH);
            SnapshotFormat.writeVarLong(out, hash.size());
            for (Iterator<TableEntry<byte[]>> it = hash.fields(); it.hasNext(); ) {
                TableEntry<byte[]> field = it.next();
                writeBytes(out, field.key);
                writeBytes(out, field.value);
            }
        } else if (collection instanceof ListValue list) {
            out.write(SnapshotFormat.TYPE_LIST);
            SnapshotFormat.writeVarLong(out, list.size());
            for (int i = 0; i < list.size(); i++) {
                writeBytes(out, list.get(i));
            }
        } else if (collection instanceof SetValue set) {
            out.write(SnapshotFormat.TYPE_SET);
            SnapshotFormat.writeVarLong(out, set.size());
            for (Key member : set.members()) {
                writeBytes(out, member.bytes());
            }
        } else if (collection instanceof ZSetValue zset) {
            out.write(SnapshotFormat.TYPE_ZSET);
            SnapshotFormat.writeVarLong(out, zset.size());
            byte[] score = new byte[8];
            for (ZSetValue.Entry e : zset.ordered()) {
                writeBytes(out, e.member().bytes());
                ByteBuffer.wrap(score).putDouble(e.score());
                out.write(score);
            }
        } else {
            throw new IllegalStateException("no snapshot encoding for " + collection.getClass().getName());
        }
    }
}
