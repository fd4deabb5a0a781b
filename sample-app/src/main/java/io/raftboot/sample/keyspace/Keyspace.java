package io.raftboot.sample.keyspace;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The replicated keyspace: binary-safe keys to immutable string values with optional expiry.
 *
 * <p>Not thread-safe: the state machine runs every write, read and snapshot capture on one apply
 * thread. Time is always passed in. Writes pass the entry's leader timestamp, which every member
 * sees identically, so they all agree on which keys are expired; {@link #advanceClock} remembers the
 * latest one. Reads pass {@link #readTime(long)} and never change anything: an expired key merely
 * looks absent until a replicated entry deletes it.
 */
public final class Keyspace {

    private KeyTable entries = new KeyTable();
    private final ExpiryIndex expiries = new ExpiryIndex();
    private long lastWriteTime;

    /** Called with each write entry's leader timestamp; the clock never goes back. */
    public void advanceClock(long entryTime) {
        if (entryTime > lastWriteTime) {
            lastWriteTime = entryTime;
        }
    }

    /** The leader time of the latest write applied here (0 before any). */
    public long lastWriteTime() {
        return lastWriteTime;
    }

    /** The time reads judge expiry by: the later of the last applied entry's time and the local clock. */
    public long readTime(long localClock) {
        return Math.max(lastWriteTime, localClock);
    }

    /** The live value of {@code key} at {@code now}, or null if it is absent or expired. Never mutates. */
    public StoredValue get(Key key, long now) {
        StoredValue value = entries.get(key);
        return value == null || value.isExpiredAt(now) ? null : value;
    }

    /** The stored value of {@code key}, even if expired; for the expiry sweep. Never mutates. */
    public StoredValue stored(Key key) {
        return entries.get(key);
    }

    /** Stores {@code value} under {@code key}, replacing whatever was there. */
    public void put(Key key, StoredValue value) {
        StoredValue before = entries.put(key, value);
        expiries.update(key, before, value);
    }

    /** Removes {@code key}; returns whether a value live at {@code now} was removed. */
    public boolean remove(Key key, long now) {
        StoredValue before = entries.remove(key);
        expiries.update(key, before, null);
        return before != null && !before.isExpiredAt(now);
    }

    /** Removes everything. */
    public void clear() {
        entries = new KeyTable();
        expiries.clear();
    }

    /** Keys live at {@code now}. */
    public int liveCount(long now) {
        return entries.size() - expiries.countExpiredAt(now);
    }

    /** Keys stored, expired or not. */
    public int storedCount() {
        return entries.size();
    }

    /** Buckets of the table, for tests that need to see it grow and shrink. */
    int bucketCount() {
        return entries.bucketCount();
    }

    /** Up to {@code limit} keys expired at {@code now}: what the leader proposes to delete. */
    public List<Key> expiredKeys(long now, int limit) {
        return expiries.expiredAt(now, limit);
    }

    /** Stored entries in scan order, starting at {@code fromPosition}, for the scanner. */
    Iterator<Map.Entry<Key, StoredValue>> from(long fromPosition) {
        return entries.from(fromPosition);
    }

    /** Visits every stored entry, expired or not, in scan order. */
    public void forEach(Consumer<Map.Entry<Key, StoredValue>> visitor) {
        entries.forEach(visitor);
    }

    /** Replaces the whole state (used by restore once the input has been fully validated). */
    void replaceWith(KeyTable newEntries, long newLastWriteTime) {
        entries = newEntries;
        expiries.clear();
        entries.forEach(e -> expiries.update(e.getKey(), null, e.getValue()));
        lastWriteTime = newLastWriteTime;
    }

    /**
     * A point-in-time view for a snapshot, taken in time independent of the number of keys (about
     * one reference copied per thousand keys): later writes copy what they change instead. See
     * {@link KeyTable#freeze()}.
     */
    public KeyspaceSnapshot capture() {
        return new KeyspaceSnapshot(entries.freeze(), lastWriteTime);
    }
}
