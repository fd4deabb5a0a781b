package io.raftboot.sample.keyspace;

import io.raftboot.api.KeyspaceStats;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The replicated keyspace: binary-safe keys to strings, hashes, lists and sets with optional expiry.
 *
 * <p>Not thread-safe: the state machine runs every write, read and snapshot capture on one apply
 * thread. Time is always passed in. Writes pass the entry's leader timestamp, which every member
 * sees identically, so they all agree on which keys are expired; {@link #advanceClock} remembers the
 * latest one. Reads pass {@link #readTime(long)} and never change anything: an expired key merely
 * looks absent until a replicated entry deletes it.
 */
public final class Keyspace {

    private KeyTable<StoredValue> entries = new KeyTable<>();
    private final ExpiryIndex expiries = new ExpiryIndex();
    /** Counts for INFO keyspace, published by the apply thread for readers on other threads. */
    private volatile int publishedKeys;
    private volatile int publishedExpires;
    private long lastWriteTime;
    /**
     * Stored keys holding a hash, list or set. A snapshot without any is written in format version 1,
     * which a member still running the previous build can install (see {@link SnapshotFormat}).
     */
    private int collectionKeys;

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

    /**
     * The live string at {@code key}, or null if absent or expired.
     *
     * @throws CommandError WRONGTYPE if the key holds a collection
     */
    public StoredValue getString(Key key, long now) {
        StoredValue value = get(key, now);
        if (value != null && !value.isString()) {
            throw Errors.wrongType();
        }
        return value;
    }

    /**
     * The live collection of {@code type} at {@code key}, for reading only; null if absent or expired.
     *
     * @throws CommandError WRONGTYPE if the key holds another type
     */
    public <T extends CollectionValue> T read(Key key, long now, Class<T> type) {
        StoredValue value = get(key, now);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value.data())) {
            throw Errors.wrongType();
        }
        return type.cast(value.data());
    }

    /**
     * The live collection of {@code type} at {@code key}, which this write may change in place; null if
     * absent or expired. A collection that a capture may still be streaming (an older generation while a
     * capture is open) is copied and stored first, so the capture keeps seeing what it froze: the same
     * rule {@link KeyTable} applies to its segments. Once every capture is released, older collections
     * are adopted in place.
     *
     * @throws CommandError WRONGTYPE if the key holds another type
     */
    public <T extends CollectionValue> T writable(Key key, long now, Class<T> type) {
        StoredValue value = get(key, now);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value.data())) {
            throw Errors.wrongType();
        }
        T collection = type.cast(value.data());
        int generation = entries.generation();
        if (collection.generation == generation) {
            return collection;
        }
        if (!entries.capturesOpen()) {
            collection.generation = generation;
            return collection;
        }
        T copy = type.cast(collection.copy());
        copy.generation = generation;
        put(key, value.withData(copy));
        return copy;
    }

    /** Like {@link #writable}, but an absent key first gets a new, empty collection made by {@code create}. */
    public <T extends CollectionValue> T writableOrCreate(Key key, long now, Class<T> type, Supplier<T> create) {
        T collection = writable(key, now, type);
        if (collection == null) {
            collection = create.get();
            collection.generation = entries.generation();
            put(key, StoredValue.persistent(collection));
        }
        return collection;
    }

    /** Stores a collection a command built whole (e.g. SINTERSTORE), or deletes the key if it is empty. */
    public void putCollection(Key key, CollectionValue collection, long now) {
        if (collection.size() == 0) {
            remove(key, now);
        } else {
            collection.generation = entries.generation();
            put(key, StoredValue.persistent(collection));
        }
    }

    /** Redis never keeps an empty collection: a write that emptied one deletes its key. */
    public void removeIfEmpty(Key key, CollectionValue collection, long now) {
        if (collection.size() == 0) {
            remove(key, now);
        }
    }

    /** Stores {@code value} under {@code key}, replacing whatever was there. */
    public void put(Key key, StoredValue value) {
        StoredValue before = entries.put(key, value);
        expiries.update(key, before, value);
        countCollections(before, value);
        publishCounts();
    }

    /** Removes {@code key}; returns whether a value live at {@code now} was removed. */
    public boolean remove(Key key, long now) {
        StoredValue before = entries.remove(key);
        expiries.update(key, before, null);
        countCollections(before, null);
        publishCounts();
        return before != null && !before.isExpiredAt(now);
    }

    private void countCollections(StoredValue before, StoredValue after) {
        // Without collections the replaced value must be a string: asking it would read its data's
        // header, a cache miss on every SET of a strings-only keyspace
        if (collectionKeys > 0 && before != null && !before.isString()) {
            collectionKeys--;
        }
        if (after != null && !after.isString()) {
            collectionKeys++;
        }
    }

    /** Removes everything. */
    public void clear() {
        entries = new KeyTable<>();
        expiries.clear();
        collectionKeys = 0;
        publishCounts();
    }

    private void publishCounts() {
        publishedKeys = entries.size();
        publishedExpires = expiries.size();
    }

    /** Keys stored and keys with an expiry, as last published: safe to read from any thread. */
    public KeyspaceStats stats() {
        int keys = publishedKeys;
        return new KeyspaceStats(keys, Math.min(keys, publishedExpires), 0);
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
    Iterator<? extends Map.Entry<Key, StoredValue>> from(long fromPosition) {
        return entries.from(fromPosition);
    }

    /** Visits every stored entry, expired or not, in scan order. */
    public void forEach(Consumer<Map.Entry<Key, StoredValue>> visitor) {
        entries.forEach(visitor);
    }

    /** Replaces the whole state (used by restore once the input has been fully validated). */
    void replaceWith(KeyTable<StoredValue> newEntries, long newLastWriteTime) {
        entries = newEntries;
        expiries.clear();
        collectionKeys = 0;
        entries.forEach(e -> {
            expiries.update(e.getKey(), null, e.getValue());
            countCollections(null, e.getValue());
        });
        lastWriteTime = newLastWriteTime;
        publishCounts();
    }

    /**
     * A point-in-time view for a snapshot, taken in time independent of the number of keys (about
     * one reference copied per thousand keys): later writes copy what they change instead. See
     * {@link KeyTable#freeze()}.
     */
    public KeyspaceSnapshot capture() {
        return new KeyspaceSnapshot(entries.freeze(), lastWriteTime, collectionKeys > 0);
    }
}
