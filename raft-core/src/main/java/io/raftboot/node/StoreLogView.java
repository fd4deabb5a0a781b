package io.raftboot.node;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.LogView;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.LogStore;
import java.util.List;

/**
 * The log as consensus reads it: the log store (read concurrently with the writer thread) behind the
 * newest snapshot. Bounds move on the raft thread before the writer changes the store, so consensus
 * never asks for an index the writer is about to drop: {@link #compactedTo} raises the first index
 * before the compaction is queued, {@link #installed} replaces the whole view at once.
 */
final class StoreLogView implements LogView {
    private final LogStore store;
    private volatile SnapshotMeta snapshot;
    private volatile long firstIndex;
    private volatile long lastIndex;

    StoreLogView(LogStore store, SnapshotMeta snapshot) {
        this.store = store;
        this.snapshot = snapshot;
        // entries kept behind the snapshot (trailing entries) stay readable: the log continues the
        // snapshot (a log that does not was reset before this view is built)
        this.firstIndex = store.lastIndex() >= snapshot.index() ? Math.min(store.firstIndex(), snapshot.index() + 1)
                : snapshot.index() + 1;
        this.lastIndex = Math.max(store.lastIndex(), snapshot.index());
    }

    @Override
    public long firstIndex() {
        return firstIndex;
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    @Override
    public long term(long index) {
        SnapshotMeta snap = snapshot;
        if (index == snap.index()) {
            return snap.term();
        }
        if (index == 0) {
            return 0;
        }
        return store.term(index);
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        return store.entries(from, to, maxBytes);
    }

    @Override
    public long[] configurationIndexes(long from, long to) {
        return store.configurationIndexes(from, to);
    }

    @Override
    public SnapshotMeta snapshot() {
        return snapshot;
    }

    /** Entries up to {@code index} are durable: they are now readable through this view. */
    void persistedTo(long index) {
        lastIndex = index;
    }

    /** A snapshot was taken and the log will be compacted up to {@code upTo} (inclusive). */
    void compactedTo(SnapshotMeta meta, long upTo) {
        snapshot = meta;
        firstIndex = Math.max(firstIndex, upTo + 1);
    }

    /** A snapshot from the leader replaced the whole log. */
    void installed(SnapshotMeta meta) {
        snapshot = meta;
        firstIndex = meta.index() + 1;
        lastIndex = meta.index();
    }
}
