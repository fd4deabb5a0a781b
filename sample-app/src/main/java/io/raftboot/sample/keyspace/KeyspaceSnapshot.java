package io.raftboot.sample.keyspace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A point-in-time view of the keyspace. Capturing copies only references (keys and values are
 * immutable), on the apply thread; {@link #writeTo} then streams it from any thread while writes
 * continue on the live keyspace.
 */
public final class KeyspaceSnapshot {

    private final Key[] keys;
    private final StoredValue[] values;
    private final long lastWriteTime;

    private KeyspaceSnapshot(Key[] keys, StoredValue[] values, long lastWriteTime) {
        this.keys = keys;
        this.values = values;
        this.lastWriteTime = lastWriteTime;
    }

    static KeyspaceSnapshot capture(Map<Key, StoredValue> entries, long lastWriteTime) {
        Key[] keys = new Key[entries.size()];
        StoredValue[] values = new StoredValue[keys.length];
        int i = 0;
        for (Map.Entry<Key, StoredValue> e : entries.entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        return new KeyspaceSnapshot(keys, values, lastWriteTime);
    }

    public int size() {
        return keys.length;
    }

    /** Streams the snapshot in {@link SnapshotFormat}; flushes but does not close {@code target}. */
    public void writeTo(OutputStream target) throws IOException {
        CRC32C crc = new CRC32C();
        BufferedOutputStream buffered = new BufferedOutputStream(target, 1 << 16);
        CheckedOutputStream out = new CheckedOutputStream(buffered, crc);
        out.write(SnapshotFormat.MAGIC);
        out.write(SnapshotFormat.VERSION);
        SnapshotFormat.writeVarLong(out, lastWriteTime);
        SnapshotFormat.writeVarLong(out, keys.length);
        for (int i = 0; i < keys.length; i++) {
            byte[] key = keys[i].bytes();
            byte[] value = values[i].bytes();
            SnapshotFormat.writeVarLong(out, key.length);
            out.write(key);
            SnapshotFormat.writeVarLong(out, value.length);
            out.write(value);
            SnapshotFormat.writeVarLong(out, values[i].expireAt());
        }
        buffered.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        buffered.flush();
    }
}
