package io.raftboot.storage;

import io.raftboot.consensus.ConfigurationEntries;
import io.raftboot.consensus.Entry;

import java.util.List;

/**
 * The Raft log. One writer at a time calls the mutating methods (the log writer's threads take turns,
 * ordered by a lock); any number of threads may read concurrently (the raft thread reads while the
 * writer appends). Indexes are contiguous. Nothing is
 * ever served from a record whose checksum fails: such a read throws {@link CorruptLogException}.
 */
public interface LogStore extends AutoCloseable {

    /** First index held; for an empty log {@code firstIndex() == lastIndex() + 1}. */
    long firstIndex();

    /** Last index held: 0 for a new log, or the index {@link #reset} left behind. */
    long lastIndex();

    /** Term of the entry at {@code index}; IllegalArgumentException outside [firstIndex, lastIndex]. */
    long term(long index);

    /** The entry at {@code index}; IllegalArgumentException outside [firstIndex, lastIndex]. */
    Entry entry(long index);

    /**
     * Entries in [from, to): at least one when the range is non-empty, then as many as fit in
     * {@code maxBytes} counted by {@link Entry#sizeInBytes()}. The range must lie in
     * [firstIndex, lastIndex + 1].
     */
    List<Entry> entries(long from, long to, long maxBytes);

    /**
     * Indexes of the configuration entries in [from, to], ascending; the range must lie in
     * [firstIndex, lastIndex]. The default reads the entries; the segmented log notes them while it
     * scans and appends, so opening a node reads its log once.
     */
    default long[] configurationIndexes(long from, long to) {
        return ConfigurationEntries.read(this::entries, from, to);
    }

    /**
     * Appends contiguous entries. The first index must lie in [firstIndex, lastIndex + 1]; entries at
     * or after it are replaced (suffix truncation). The data is handed to the OS before this returns
     * (not necessarily fsynced: see {@link #sync()}).
     */
    void append(List<Entry> entries);

    /** Drops entries {@code >= fromIndex}; fromIndex must lie in [firstIndex, lastIndex + 1]. */
    void truncateSuffix(long fromIndex);

    /**
     * Drops entries {@code <= upToIndex}. The logical first index moves at once; files are removed
     * as they become wholly obsolete. Compacting at or past lastIndex empties the log like
     * {@link #reset(long) reset(upToIndex)}; compacting below firstIndex does nothing.
     */
    void compactPrefix(long upToIndex);

    /** Drops everything; the log is empty and the next append is {@code index + 1}. */
    void reset(long index);

    /** Fsyncs everything appended (and every file created or removed) so far. */
    void sync();

    /**
     * True when {@link #syncLater()} returns a real deferred fsync: one that may run on another
     * thread, beside later appends and beside other such fsyncs. The log writer then overlaps an
     * fsync with the writing (and fsyncing) of the next group instead of making it wait.
     */
    default boolean syncsBesideAppends() {
        return false;
    }

    /**
     * Captures what {@link #sync()} would make durable now (everything appended, created or removed
     * before this call) and returns the task that fsyncs exactly that. Called by the writer thread;
     * when {@link #syncsBesideAppends()} is true the task may run on any thread, concurrently with
     * later appends and with tasks captured later, and it throws {@link StorageException} if the
     * fsync fails. The caller runs no truncation, compaction, reset or close while a task is still
     * running. By default the store syncs at once and returns a task with nothing left to do.
     */
    default Runnable syncLater() {
        sync();
        return () -> { };
    }

    @Override
    void close();
}
