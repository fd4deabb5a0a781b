package io.raftboot.sample.keyspace;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks the entries of a directory of {@link TableSegment}s in position order, starting at the
 * first key whose position is at least a given one. The directory must not change while it walks:
 * the live table is only walked within one apply-thread call, a captured one never changes.
 */
final class TableCursor<V> implements Iterator<TableEntry<V>> {

    private final TableSegment<V>[] directory;
    private final int globalDepth;
    private final int bucketBits;
    private int slot;
    private TableSegment<V> segment;
    private int bucket;
    private TableEntry<V> next;

    TableCursor(TableSegment<V>[] directory, int globalDepth, int bucketBits, long fromPosition) {
        this.directory = directory;
        this.globalDepth = globalDepth;
        this.bucketBits = bucketBits;
        this.slot = (int) KeyTable.prefix(fromPosition, globalDepth);
        this.segment = directory[slot];
        this.bucket = segment.bucketOf(fromPosition, bucketBits);
        TableEntry<V> e = segment.buckets[bucket];
        while (e != null && e.position < fromPosition) {
            e = e.next;
        }
        next = e;
        if (next == null) {
            advanceToNextBucket();
        }
    }

    private void advanceToNextBucket() {
        while (true) {
            bucket++;
            if (bucket == segment.buckets.length) {
                // a segment of depth d fills 2^(globalDepth - d) consecutive directory slots
                int span = 1 << (globalDepth - segment.depth);
                slot = (slot & -span) + span;
                if (slot >= directory.length) {
                    next = null;
                    return;
                }
                segment = directory[slot];
                bucket = 0;
            }
            if (segment.buckets[bucket] != null) {
                next = segment.buckets[bucket];
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public TableEntry<V> next() {
        TableEntry<V> current = next;
        if (current == null) {
            throw new NoSuchElementException();
        }
        next = current.next;
        if (next == null) {
            advanceToNextBucket();
        }
        return current;
    }
}
