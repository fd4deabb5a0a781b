package io.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * One segment file of the {@link SegmentedLogStore}: a 16-byte header (magic, format version, first
 * index) followed by records, then zeros up to its zeroed extent ({@link SegmentAllocator}; files
 * written before preallocation simply end after their last record). The end of the last record,
 * {@link #size()}, is where the next one goes; the file's length says nothing about it. Keeps the
 * file offset of every record in memory and the terms as runs (a term changes a handful of times
 * per segment, so a term per record would double the index's memory for nothing: a 64 MB segment of
 * small records holds close to a million of them, and the inspector reads such logs with a small
 * heap). Mutated by the store's writer under the store's
 * write lock; read under its read lock.
 */
final class Segment {
    static final int MAGIC = 0x5242_5347; // "RBSG"
    static final int VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final String SUFFIX = ".seg";

    final Path path;
    final long firstIndex;
    final FileChannel channel;
    private long[] offsets = new long[64];
    /** Run {@code r} holds {@code runTerms[r]} from record {@code runStarts[r]} (relative) on. */
    private int[] runStarts = new int[4];
    private long[] runTerms = new long[4];
    private int runs;
    /**
     * Indexes of the configuration records, ascending: noted while the records are scanned or
     * appended anyway, so that opening the engine finds its configurations without reading the log
     * again. A handful per log at most.
     */
    private long[] configurations = new long[0];
    private int configurationCount;
    private int count;
    /** End of the last valid record: where the next record goes. */
    private long size = HEADER_SIZE;
    /** Writer-only: the file's length as this process wrote it, zeros after {@link #size}. */
    private long extent;

    Segment(Path path, long firstIndex, FileChannel channel, long extent) {
        this.path = path;
        this.firstIndex = firstIndex;
        this.channel = channel;
        this.extent = extent;
    }

    static String fileName(long firstIndex) {
        return String.format("%020d%s", firstIndex, SUFFIX);
    }

    static ByteBuffer header(long firstIndex) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        b.putInt(MAGIC).putInt(VERSION).putLong(firstIndex).flip();
        return b;
    }

    int count() {
        return count;
    }

    long size() {
        return size;
    }

    long extent() {
        return extent;
    }

    void extendTo(long newExtent) {
        extent = newExtent;
    }

    /** Cuts the file at {@code length}, dropping a damaged tail found on open. */
    void truncateFile(long length) throws IOException {
        channel.truncate(length);
        extent = Math.min(extent, length);
    }

    long lastIndex() {
        return firstIndex + count - 1;
    }

    long term(long index) {
        int k = (int) (index - firstIndex);
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) { // the last run whose start is <= k
            int mid = (lo + hi + 1) >>> 1;
            if (runStarts[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return runTerms[lo];
    }

    long offset(long index) {
        return offsets[(int) (index - firstIndex)];
    }

    /** End offset of the record at {@code index}. */
    long end(long index) {
        int k = (int) (index - firstIndex);
        return k + 1 < count ? offsets[k + 1] : size;
    }

    void add(long offset, long term, long newSize) {
        add(offset, term, newSize, false);
    }

    /** Adds the next record; {@code configuration} when it holds a cluster configuration. */
    void add(long offset, long term, long newSize, boolean configuration) {
        if (configuration) {
            if (configurationCount == configurations.length) {
                configurations = Arrays.copyOf(configurations, Math.max(4, configurationCount * 2));
            }
            configurations[configurationCount++] = firstIndex + count;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        if (runs == 0 || runTerms[runs - 1] != term) {
            if (runs == runStarts.length) {
                runStarts = Arrays.copyOf(runStarts, runs * 2);
                runTerms = Arrays.copyOf(runTerms, runs * 2);
            }
            runStarts[runs] = count;
            runTerms[runs] = term;
            runs++;
        }
        offsets[count] = offset;
        count++;
        size = newSize;
    }

    /**
     * Drops records {@code >= fromIndex} from memory only: the store overwrites their bytes with
     * zeros, outside its lock.
     */
    void truncate(long fromIndex) {
        int keep = (int) (fromIndex - firstIndex);
        long newSize = keep < count ? offsets[keep] : size;
        while (runs > 0 && runStarts[runs - 1] >= keep) {
            runs--;
        }
        while (configurationCount > 0 && configurations[configurationCount - 1] >= fromIndex) {
            configurationCount--;
        }
        count = keep;
        size = newSize;
    }

    /** Appends to {@code out} the indexes of configuration records in [from, to], ascending. */
    void configurationIndexes(long from, long to, LongConsumer out) {
        for (int i = 0; i < configurationCount; i++) {
            long index = configurations[i];
            if (index >= from && index <= to) {
                out.accept(index);
            }
        }
    }

    void readFully(ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new CorruptLogException("log segment " + path + " ends early at offset " + pos);
            }
            pos += n;
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we no longer use; nothing to recover
        }
    }
}
