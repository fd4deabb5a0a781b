package io.raftboot.sample.keyspace;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The keyspace's hash table: O(1) expected get, put and remove, iteration in position order from any
 * position (for SCAN), resizing in small steps, and an O(directory) capture for snapshots.
 *
 * <p><b>Layout.</b> A key's bucket is chosen by the <em>top</em> bits of its 63-bit
 * {@link Key#position() position} (a hash), not the bottom bits as in Redis' dict. This is Redis'
 * reverse-binary SCAN cursor seen in a mirror: Redis indexes by the low bits and increments the
 * cursor's reversed bits, so that the buckets a bucket splits into (or merges from) on a resize are
 * visited together; indexing by the high bits makes that same order the plain ascending order of
 * positions. So the cursor can simply be a position: all keys before it have been visited, whatever
 * the table's size was then or is now, and it means the same on every replica. Chains are kept
 * sorted, so a SCAN page may also stop inside a bucket.
 *
 * <p><b>Resizing</b> is extendible hashing: a directory of 2^globalDepth slots points to segments of
 * 2^bucketBits buckets; a segment of depth d owns the keys with one d-bit prefix and fills
 * 2^(globalDepth - d) slots. A segment that holds more keys than buckets splits into two (doubling
 * the directory first if needed, which copies only references), and two sibling segments that
 * together hold at most a quarter of a segment's buckets merge. Every resize step therefore touches
 * one or two segments, so no write stalls behind a rehash of the whole table, at any size.
 *
 * <p><b>Capture</b> ({@link #freeze()}) copies the directory and starts a new generation. Segments of
 * an older generation are shared with the capture, so the first write to each copies it (one
 * array of 2^bucketBits references) before changing it; chains are immutable and never copied in
 * bulk. Once every capture is released, writes adopt old segments in place again. A {@link #fork()}
 * shares segments the same way, with a table of its own.
 *
 * <p>Values are of any type {@code V}: the keyspace stores {@link StoredValue}s, a {@link HashValue}
 * its fields' values.
 *
 * <p>Not thread-safe; only the apply thread uses it. {@link FrozenTable}s may be read from any thread.
 */
final class KeyTable<V> {

    /** 1,024 buckets a segment: a split moves at most ~1,000 keys; a million keys fill ~2,000 slots. */
    static final int DEFAULT_BUCKET_BITS = 10;
    /** Beyond this the directory stops doubling and chains grow instead; 2^24 slots is far beyond any test. */
    private static final int MAX_GLOBAL_DEPTH = 24;

    private final int bucketBits;
    private final int bucketsPerSegment;
    private final int maxDepth;
    /** How many segments have each depth; the directory halves when none has the global depth. */
    private final int[] segmentsAtDepth;
    private final AtomicInteger openCaptures;
    private TableSegment<V>[] directory;
    private int globalDepth;
    private int size;
    private int segmentCount;
    private int generation;

    KeyTable() {
        this(DEFAULT_BUCKET_BITS);
    }

    /** Small {@code bucketBits} let tests exercise splits and merges with a handful of keys. */
    KeyTable(int bucketBits) {
        if (bucketBits < 1 || bucketBits > 20) {
            throw new IllegalArgumentException("bucketBits must be between 1 and 20: " + bucketBits);
        }
        this.bucketBits = bucketBits;
        this.openCaptures = new AtomicInteger();
        this.bucketsPerSegment = 1 << bucketBits;
        // a segment's prefix and bucket bits must fit in the position's 63 bits
        this.maxDepth = Math.min(MAX_GLOBAL_DEPTH, 63 - bucketBits);
        this.segmentsAtDepth = new int[maxDepth + 1];
        this.directory = TableSegment.directory(1);
        this.directory[0] = new TableSegment<>(0, bucketsPerSegment, generation);
        this.segmentsAtDepth[0] = 1;
        this.segmentCount = 1;
    }

    /** The first {@code bits} bits of a 63-bit position, as a number. */
    static long prefix(long position, int bits) {
        // a shift by 64 would shift by 0 in Java, so no bits is special
        return bits == 0 ? 0 : (position << 1) >>> (64 - bits);
    }

    int size() {
        return size;
    }

    /** Buckets in all segments: what grows and shrinks with the number of keys. */
    int bucketCount() {
        return segmentCount * bucketsPerSegment;
    }

    /** Directory slots, for tests: bounded even when keys crowd one prefix. */
    int directorySlots() {
        return directory.length;
    }

    V get(Key key) {
        KeyProbe probe = new KeyProbe(key);
        long position = probe.position;
        TableSegment<V> segment = directory[(int) prefix(position, globalDepth)];
        for (TableEntry<V> e = segment.buckets[segment.bucketOf(position, bucketBits)]; e != null; e = e.next) {
            if (e.holds(probe)) {
                return e.value;
            }
            if (e.position > position) {
                return null;
            }
        }
        return null;
    }

    /** Stores {@code value} under {@code key}; returns the value it replaced, or null. */
    V put(Key key, V value) {
        KeyProbe probe = new KeyProbe(key);
        long position = probe.position;
        int slot = (int) prefix(position, globalDepth);
        TableSegment<V> segment = writable(slot);
        int bucket = segment.bucketOf(position, bucketBits);
        TableEntry<V> head = segment.buckets[bucket];
        TableEntry<V> at = head;
        int before = 0;
        int order = 1;
        while (at != null && (order = at.compareTo(probe)) < 0) {
            at = at.next;
            before++;
        }
        boolean replaces = at != null && order == 0;
        TableEntry<V> rest = replaces ? at.next : at;
        segment.buckets[bucket] = TableEntry.copyPrefix(head, before, new TableEntry<>(probe, value, rest));
        if (replaces) {
            return at.value;
        }
        segment.size++;
        size++;
        if (segment.size > bucketsPerSegment && mayDeepen(segment)) {
            split(segment, position);
        }
        return null;
    }

    /** Removes {@code key}; returns the value it had, or null. */
    V remove(Key key) {
        KeyProbe probe = new KeyProbe(key);
        long position = probe.position;
        int slot = (int) prefix(position, globalDepth);
        TableSegment<V> segment = directory[slot];
        int bucket = segment.bucketOf(position, bucketBits);
        TableEntry<V> at = segment.buckets[bucket];
        int before = 0;
        while (at != null && !at.holds(probe)) {
            if (at.position > position) {
                return null;
            }
            at = at.next;
            before++;
        }
        if (at == null) {
            return null;
        }
        // only now, so that removing an absent key never copies a captured segment
        segment = writable(slot);
        segment.buckets[bucket] = TableEntry.copyPrefix(segment.buckets[bucket], before, at.next);
        segment.size--;
        size--;
        mergeIfSparse(segment, position);
        return at.value;
    }

    /** Entries in position order, from the first key at or after {@code position}. */
    Iterator<TableEntry<V>> from(long position) {
        return new TableCursor<>(directory, globalDepth, bucketBits, position);
    }

    void forEach(Consumer<? super TableEntry<V>> visitor) {
        from(0).forEachRemaining(visitor);
    }

    /**
     * The current contents, unaffected by later writes, for a snapshot. Costs a copy of the
     * directory (about one reference per thousand keys); release it when done.
     */
    FrozenTable<V> freeze() {
        generation++;
        openCaptures.incrementAndGet();
        return new FrozenTable<>(directory.clone(), globalDepth, bucketBits, size, openCaptures);
    }

    /**
     * An independent table with the same contents, made in time independent of its size (a copy of the
     * directory): it shares every segment with this one and copies each before its first change there.
     * For a large hash that a capture may still be reading: the capture keeps this table, which nobody
     * changes any more, and later writes go to the fork.
     */
    KeyTable<V> fork() {
        return new KeyTable<>(this);
    }

    private KeyTable(KeyTable<V> shared) {
        this.bucketBits = shared.bucketBits;
        this.bucketsPerSegment = shared.bucketsPerSegment;
        this.maxDepth = shared.maxDepth;
        this.segmentsAtDepth = shared.segmentsAtDepth.clone();
        this.directory = shared.directory.clone();
        this.globalDepth = shared.globalDepth;
        this.size = shared.size;
        this.segmentCount = shared.segmentCount;
        // every segment now is of an older generation, and whoever holds the other table may read it
        // at any time: a capture that is never released, so those segments are always copied, never
        // adopted in place
        this.generation = shared.generation + 1;
        this.openCaptures = new AtomicInteger(1);
    }

    /**
     * The current generation: values stamped with it were made writable after the last capture. Stored
     * collections follow the same rule as segments (see {@link Keyspace#writable}).
     */
    int generation() {
        return generation;
    }

    /** Whether a capture may still be reading shared segments and values. */
    boolean capturesOpen() {
        return openCaptures.get() != 0;
    }

    /** The segment at {@code slot}, copied first if a capture may still be reading it. */
    private TableSegment<V> writable(int slot) {
        TableSegment<V> segment = directory[slot];
        if (segment.generation == generation) {
            return segment;
        }
        // Captures are only taken on this thread, so a count of 0 cannot become 1 behind our back;
        // the release's volatile write orders the reader's last read before our changes.
        if (openCaptures.get() == 0) {
            segment.generation = generation;
            return segment;
        }
        TableSegment<V> own = segment.copyFor(generation);
        fill(slot, segment.depth, own);
        return own;
    }

    /** Points every slot of the depth-{@code depth} range containing {@code slot} at {@code segment}. */
    private void fill(int slot, int depth, TableSegment<V> segment) {
        int span = 1 << (globalDepth - depth);
        int start = slot & -span;
        for (int i = start; i < start + span; i++) {
            directory[i] = segment;
        }
    }

    /**
     * Whether a full segment may split. Uniform positions keep every segment near the same depth, so
     * the directory stays within a few slots per segment. Keys crowding one prefix (colliding hashes)
     * would otherwise double the directory again and again; past 16 slots per segment's worth of
     * keys that segment's chains grow longer instead: slower, still correct.
     */
    private boolean mayDeepen(TableSegment<V> segment) {
        if (segment.depth < globalDepth) {
            return true;
        }
        long slotsAllowed = Math.max(64, 16L * size / bucketsPerSegment);
        return globalDepth < maxDepth && (2L << globalDepth) <= slotsAllowed;
    }

    private void split(TableSegment<V> full, long position) {
        int depth = full.depth;
        if (depth == globalDepth) {
            growDirectory();
        }
        TableSegment<V> low = new TableSegment<>(depth + 1, bucketsPerSegment, generation);
        TableSegment<V> high = new TableSegment<>(depth + 1, bucketsPerSegment, generation);
        int splitBit = depth + bucketBits; // the first position bit the old buckets did not look at
        for (int b = 0; b < bucketsPerSegment; b++) {
            TableEntry<V> chain = full.buckets[b];
            if (chain == null) {
                continue;
            }
            // the old bucket's first bit is the new segments' last prefix bit; its other bits and
            // the split bit make the new bucket index, and the sorted chain splits at that bit
            TableSegment<V> target = b >>> (bucketBits - 1) == 0 ? low : high;
            int lowerBucket = (b << 1) & (bucketsPerSegment - 1);
            TableEntry<V> upper = chain;
            int lower = 0;
            while (upper != null && bitAt(upper.position, splitBit) == 0) {
                upper = upper.next;
                lower++;
            }
            target.buckets[lowerBucket] = TableEntry.copyPrefix(chain, lower, null);
            target.buckets[lowerBucket + 1] = upper;
            target.size += lower + TableEntry.length(upper);
        }
        int slot = (int) prefix(position, globalDepth);
        int span = 1 << (globalDepth - depth);
        int start = slot & -span;
        fill(start, depth + 1, low);
        fill(start + span / 2, depth + 1, high);
        segmentsAtDepth[depth]--;
        segmentsAtDepth[depth + 1] += 2;
        segmentCount++;
    }

    /** Merges the segment with its sibling while both together are sparse, up the tree. */
    private void mergeIfSparse(TableSegment<V> segment, long position) {
        TableSegment<V> merged = segment;
        while (merged != null) {
            merged = mergeWithSibling(merged, position);
        }
    }

    /** The merged segment, or null if {@code segment} and its sibling stay apart. */
    private TableSegment<V> mergeWithSibling(TableSegment<V> segment, long position) {
        int depth = segment.depth;
        // a merged segment starts at most a quarter full, so it is far from splitting again
        int mergeBelow = bucketsPerSegment / 4;
        if (depth == 0 || segment.size > mergeBelow) {
            return null;
        }
        int slot = (int) prefix(position, globalDepth);
        int span = 1 << (globalDepth - depth);
        int start = slot & -span;
        int siblingStart = start ^ span;
        TableSegment<V> sibling = directory[siblingStart];
        if (sibling.depth != depth || segment.size + sibling.size > mergeBelow) {
            return null;
        }
        TableSegment<V> low = start < siblingStart ? segment : sibling;
        TableSegment<V> high = start < siblingStart ? sibling : segment;
        TableSegment<V> merged = new TableSegment<>(depth - 1, bucketsPerSegment, generation);
        for (int b = 0; b < bucketsPerSegment; b++) {
            TableSegment<V> source = b >>> (bucketBits - 1) == 0 ? low : high;
            int lowerBucket = (b << 1) & (bucketsPerSegment - 1);
            TableEntry<V> lower = source.buckets[lowerBucket];
            merged.buckets[b] = TableEntry.copyPrefix(lower, TableEntry.length(lower), source.buckets[lowerBucket + 1]);
        }
        merged.size = low.size + high.size;
        fill(start, depth - 1, merged);
        segmentsAtDepth[depth] -= 2;
        segmentsAtDepth[depth - 1]++;
        segmentCount--;
        while (globalDepth > 0 && segmentsAtDepth[globalDepth] == 0) {
            shrinkDirectory();
        }
        return merged;
    }

    private static int bitAt(long position, int index) {
        return (int) (position >>> (62 - index)) & 1;
    }

    private void growDirectory() {
        TableSegment<V>[] doubled = TableSegment.directory(directory.length * 2);
        for (int i = 0; i < directory.length; i++) {
            doubled[2 * i] = directory[i];
            doubled[2 * i + 1] = directory[i];
        }
        directory = doubled;
        globalDepth++;
    }

    private void shrinkDirectory() {
        TableSegment<V>[] halved = TableSegment.directory(directory.length / 2);
        for (int i = 0; i < halved.length; i++) {
            halved[i] = directory[2 * i];
        }
        directory = halved;
        globalDepth--;
    }
}
