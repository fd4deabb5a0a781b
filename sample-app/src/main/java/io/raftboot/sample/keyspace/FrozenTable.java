package io.raftboot.sample.keyspace;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contents of a {@link KeyTable} at the moment of {@link KeyTable#freeze()}: a copy of its
 * directory, whose segments the table no longer changes in place. May be read from any thread.
 * {@link #release()} tells the table that nobody reads it any more, so the table may change its
 * segments in place again instead of copying each one on its first write.
 */
final class FrozenTable<V> {

    private final TableSegment<V>[] directory;
    private final int globalDepth;
    private final int bucketBits;
    private final int size;
    private final AtomicInteger openCaptures;
    private final AtomicBoolean released = new AtomicBoolean();

    FrozenTable(TableSegment<V>[] directory, int globalDepth, int bucketBits, int size, AtomicInteger openCaptures) {
        this.directory = directory;
        this.globalDepth = globalDepth;
        this.bucketBits = bucketBits;
        this.size = size;
        this.openCaptures = openCaptures;
    }

    int size() {
        return size;
    }

    /** Every entry in position order. Throws once released: the table may be changing the segments. */
    Iterator<TableEntry<V>> iterator() {
        if (released.get()) {
            throw new IllegalStateException("this captured table was released; capture again");
        }
        return new TableCursor<>(directory, globalDepth, bucketBits, 0);
    }

    /** Idempotent. The caller must not read the view afterwards. */
    void release() {
        if (released.compareAndSet(false, true)) {
            openCaptures.decrementAndGet();
        }
    }
}
