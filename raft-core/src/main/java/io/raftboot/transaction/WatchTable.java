package io.raftboot.transaction;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * For {@code WATCH}: the log index of the last write that touched each of a fixed number of key-hash
 * buckets, kept on the apply thread from the commands' key specifications. Two keys in one bucket make
 * a spurious abort, never a missed one. Apply thread only, so no locks.
 *
 * <p>Whether a logged {@code EXEC} aborts must be decided alike on every member, also on one that
 * started from a snapshot and so never saw the older log. Tracking therefore starts, on every member at
 * the same index, with the first transaction the cluster logs: a watch from before that index aborts,
 * and from then on the table travels in snapshots ({@link WatchTrackingStateMachine}). Until then
 * snapshots hold the state machine's bytes alone, as before transactions existed, so a member on an
 * earlier build can still install them.
 */
public final class WatchTable {
    /** 32 KB of longs per table and per snapshot; collisions (spurious aborts) stay rare for hot key sets. */
    static final int BUCKETS = 4096;
    /** Not known yet: a snapshot without a table was restored and no write applied since. */
    private static final long PENDING = -1;

    private final long[] lastModified = new long[BUCKETS];
    /** The last write that named no keys (FLUSHALL): it touched every bucket. */
    private long everything;
    /** Index of the first transaction the cluster logged; 0 before. The same on every member. */
    private long trackedSince;
    /** This member's table is exact only for writes after this index (it restored a snapshot without one). */
    private long historySince;

    /** Records that the write at {@code index} touched the keys its spec names (all keys when it names none). */
    public void modified(CommandSpec spec, Command command, long index) {
        if (historySince == PENDING) {
            historySince = index - 1;
        }
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
     * Applying the logged transaction at {@code index}: whether one of {@code keys} may have been
     * modified after {@code since}. The first transaction logged starts the tracking (and, watched,
     * aborts: no member can vouch for the time before it).
     */
    public boolean transactionAborts(List<byte[]> keys, long since, long index) {
        if (trackedSince == 0) {
            trackedSince = index;
        }
        return !keys.isEmpty() && (since < trackedSince || touchedAfter(keys, since));
    }

    /**
     * The same for a read-only transaction served by this member alone at its applied index: it
     * decides nothing other members must agree on, so this member's own history is what counts.
     */
    public boolean readAborts(List<byte[]> keys, long since) {
        return !keys.isEmpty() && (historySince == PENDING || since < historySince || touchedAfter(keys, since));
    }

    private boolean touchedAfter(List<byte[]> keys, long since) {
        if (everything > since) {
            return true;
        }
        for (byte[] key : keys) {
            if (lastModified[bucket(key)] > since) {
                return true;
            }
        }
        return false;
    }

    /** Whether snapshots must carry the table: once the cluster logged a transaction. */
    boolean tracking() {
        return trackedSince > 0;
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
        copy.trackedSince = trackedSince;
        copy.historySince = historySince;
        return copy;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(BUCKETS);
        out.writeLong(everything);
        out.writeLong(trackedSince);
        out.writeLong(historySince);
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
        trackedSince = in.readLong();
        historySince = in.readLong();
        for (int i = 0; i < BUCKETS; i++) {
            lastModified[i] = in.readLong();
        }
    }

    /**
     * A snapshot without a table: taken before the cluster logged a transaction (or by an earlier
     * build). Nothing is tracked yet, and this member knows no history before its next write.
     */
    void restoredWithoutTable() {
        Arrays.fill(lastModified, 0);
        everything = 0;
        trackedSince = 0;
        historySince = PENDING;
    }
}
