package io.raftboot.sample.keyspace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A point-in-time view of the keyspace. Capturing freezes the table on the apply thread without
 * copying its entries; {@link #writeTo} then streams it from any thread while writes continue on the
 * live keyspace, which copy-on-write keeps from touching the frozen view.
 *
 * <p>Streams once: writing releases the view, after which the live table may reuse its memory.
 */
public final class KeyspaceSnapshot {

    private final FrozenTable entries;
    private final long lastWriteTime;

    KeyspaceSnapshot(FrozenTable entries, long lastWriteTime) {
        this.entries = entries;
        this.lastWriteTime = lastWriteTime;
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
        Iterator<Map.Entry<Key, StoredValue>> it = entries.iterator();
        try {
            // Buffer in front of the checksum, so the CRC is computed over 64 KiB blocks rather than
            // byte by byte: per-byte updates were half of the streaming thread's time.
            CRC32C crc = new CRC32C();
            BufferedOutputStream out = new BufferedOutputStream(new CheckedOutputStream(target, crc), 1 << 16);
            out.write(SnapshotFormat.MAGIC);
            out.write(SnapshotFormat.VERSION);
            SnapshotFormat.writeVarLong(out, lastWriteTime);
            SnapshotFormat.writeVarLong(out, entries.size());
            while (it.hasNext()) {
                Map.Entry<Key, StoredValue> e = it.next();
                byte[] key = e.getKey().bytes();
                StoredValue value = e.getValue();
                SnapshotFormat.writeVarLong(out, key.length);
                out.write(key);
                SnapshotFormat.writeVarLong(out, value.bytes().length);
                out.write(value.bytes());
                SnapshotFormat.writeVarLong(out, value.expireAt());
            }
            out.flush(); // every byte above has now passed through the checksum
            target.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            target.flush();
        } finally {
            entries.release();
        }
    }
}
