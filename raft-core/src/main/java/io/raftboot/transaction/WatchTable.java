package io.raftboot.transaction;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * For {@code WATCH}: the log index of the last write that touched each of a fixed number of key-hash
 * buckets, kept on the apply thread from the commands' key specifications. Every member applies the
 * same entries to the same table and carries it in its snapshots ({@link WatchTrackingStateMachine}),
 * so whether an {@code EXEC} aborts is decided the same way everywhere. Two keys in one bucket make a
 * spurious abort, never a missed one. Apply thread only, so no locks.
 */
public final class WatchTable {
    /** 32 KB of longs per table and per snapshot; collisions (spurious aborts) stay rare for hot key sets. */
    static final int BUCKETS = 4096;
    /** Floor not known yet: an old snapshot without a table was restored and nothing applied since. */
    private static final long FLOOR_PENDING = -1;

    private final long[] lastModified = new long[BUCKETS];
    /** The last write that named no keys (FLUSHALL): it touched every bucket. */
    private long everything;
    /** History at or below this index is unknown: every key counts as modified there. */
    private long floor;

    /** Records that the write at {@code index} touched the keys its spec names (all keys when it names none). */
    public void modified(CommandSpec spec, Command command, long index) {
        resolveFloor(index);
        if (spec.firstKey() <= 0) {
            everything = Math.max(everything, index);
            return;
        }
        int last = spec.lastKey() < 0 ? command.size() + spec.lastKey() : Math.min(spec.lastKey(), command.size() - 1);
        int step = Math.max(1, spec.keyStep());
        for (int i = spec.firstKey(); i <= last; i += step) {
            int bucket = bucket(command.arg(i));
            lastModified[bucket] = Math.max(lastModified[bucket], index);
        }
    }

    /**
     * Whether any of {@code keys} may have been modified after {@code since}, judged while applying the
     * entry at {@code index}.
     */
    public boolean modifiedSince(List<byte[]> keys, long since, long index) {
        resolveFloor(index);
        return modifiedSince(keys, since);
    }

    /**
     * The same for a read on this member only, at its applied index: it decides nothing that other
     * members must agree on, so it leaves a pending floor alone (and counts everything as modified).
     */
    public boolean modifiedSince(List<byte[]> keys, long since) {
        if (floor == FLOOR_PENDING || since < floor || since < everything) {
            return true;
        }
        for (byte[] key : keys) {
            if (lastModified[bucket(key)] > since) {
                return true;
            }
        }
        return false;
    }

    /** After an old snapshot: whatever the first entry applied afterwards is, everything before it is unknown. */
    private void resolveFloor(long index) {
        if (floor == FLOOR_PENDING) {
            floor = index - 1;
        }
    }

    /** A stable hash (the same on every JVM), spread so that similar keys land apart. */
    static int bucket(byte[] key) {
        int h = 1;
        for (byte b : key) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h & (BUCKETS - 1);
    }

    /** A copy taken on the apply thread with a snapshot, written later from another thread. */
    WatchTable copy() {
        WatchTable copy = new WatchTable();
        System.arraycopy(lastModified, 0, copy.lastModified, 0, BUCKETS);
        copy.everything = everything;
        copy.floor = floor;
        return copy;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(BUCKETS);
        out.writeLong(everything);
        out.writeLong(floor);
        for (long index : lastModified) {
            out.writeLong(index);
        }
    }

    void readFrom(DataInput in) throws IOException {
        int buckets = in.readInt();
        if (buckets != BUCKETS) {
            throw new IOException("watch table has " + buckets + " buckets, expected " + BUCKETS);
        }
        everything = in.readLong();
        floor = in.readLong();
        for (int i = 0; i < BUCKETS; i++) {
            lastModified[i] = in.readLong();
        }
    }

    /** A snapshot without a table (written before transactions existed): history below it is unknown. */
    void forgetHistory() {
        java.util.Arrays.fill(lastModified, 0);
        everything = 0;
        floor = FLOOR_PENDING;
    }
}
