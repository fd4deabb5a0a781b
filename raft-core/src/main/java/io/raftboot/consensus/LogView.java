package io.raftboot.consensus;

import java.util.List;

/**
 * The durable log as consensus reads it: entries the runtime has handed to storage. Implemented by
 * the runtime over the log store (and in memory by the simulator). Reads of indexes that were
 * compacted away are not asked for: consensus checks {@link #firstIndex()} first and falls back to
 * a snapshot.
 */
public interface LogView {
    /** First index still in the log; {@code snapshot().index() + 1} when the log is empty. */
    long firstIndex();

    /** Last index in the log, or {@code snapshot().index()} when the log is empty. */
    long lastIndex();

    /** Term of the entry at {@code index}; the snapshot's term for its own index; 0 for index 0. */
    long term(long index);

    /**
     * Entries in [from, to), stopping early once their {@link Entry#sizeInBytes()} sum would exceed
     * {@code maxBytes}, but always at least one entry when the range is not empty.
     */
    List<Entry> entries(long from, long to, long maxBytes);

    /**
     * Indexes of the configuration entries in [from, to], ascending; the range lies in
     * [firstIndex, lastIndex]. Opening the engine asks once, for the whole log after the snapshot.
     * The default reads the entries; a log that notes configuration entries as it stores them
     * answers without reading the log again.
     */
    default long[] configurationIndexes(long from, long to) {
        return ConfigurationEntries.read(this::entries, from, to);
    }

    /** The newest snapshot the log was compacted behind (or the bootstrap configuration at index 0). */
    SnapshotMeta snapshot();
}
