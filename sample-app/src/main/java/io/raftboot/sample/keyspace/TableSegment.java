package io.raftboot.sample.keyspace;

/**
 * A fixed number of buckets holding every key whose position starts with one {@code depth}-bit
 * prefix. Within the segment a key's bucket is given by the next bits of its position, and each
 * chain is sorted by {@link Key#compareTo}, so walking the buckets in index order walks the keys in
 * position order. That is what lets a SCAN cursor be a position (see {@link KeyTable}).
 */
final class TableSegment<V> {

    final int depth;
    final TableEntry<V>[] buckets;
    int size;
    /**
     * The table generation this segment belongs to. A segment of an older generation may be part of
     * a captured snapshot, so the table copies it before changing it.
     */
    int generation;

    TableSegment(int depth, int bucketCount, int generation) {
        this(depth, chains(bucketCount), 0, generation);
    }

    private TableSegment(int depth, TableEntry<V>[] buckets, int size, int generation) {
        this.depth = depth;
        this.buckets = buckets;
        this.size = size;
        this.generation = generation;
    }

    @SuppressWarnings("unchecked")
    private static <V> TableEntry<V>[] chains(int count) {
        return (TableEntry<V>[]) new TableEntry<?>[count];
    }

    /** A directory of {@code slots} empty slots (Java has no generic array creation). */
    @SuppressWarnings("unchecked")
    static <V> TableSegment<V>[] directory(int slots) {
        return (TableSegment<V>[]) new TableSegment<?>[slots];
    }

    TableSegment<V> copyFor(int newGeneration) {
        return new TableSegment<>(depth, buckets.clone(), size, newGeneration);
    }

    /** The bucket of {@code position} here: the {@code bucketBits} bits after this segment's prefix. */
    int bucketOf(long position, int bucketBits) {
        return (int) KeyTable.prefix(position, depth + bucketBits) & (buckets.length - 1);
    }
}
