package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link LogView} for tests and the simulator: append (truncating a conflicting
 * suffix), compaction behind a snapshot, snapshot install, and a durable prefix so that a
 * simulated crash can lose what was not synced.
 */
public final class MemoryLog implements LogView {
    private SnapshotMeta snapshot;
    /** Index of {@code entries.get(0)}; at or below the snapshot's index when trailing entries are kept. */
    private long first;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long durableIndex;

    public MemoryLog(SnapshotMeta snapshot) {
        this.snapshot = snapshot;
        this.first = snapshot.index() + 1;
        this.durableIndex = snapshot.index();
    }

    /** A fresh member's log: the bootstrap configuration as a snapshot at index 0, term 0. */
    public static MemoryLog bootstrap(Configuration configuration) {
        return new MemoryLog(new SnapshotMeta(0, 0, configuration));
    }

    @Override
    public long firstIndex() {
        return first;
    }

    @Override
    public long lastIndex() {
        return first + entries.size() - 1;
    }

    @Override
    public long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < firstIndex() || index > lastIndex()) {
            throw new IllegalArgumentException("index " + index + " outside [" + firstIndex() + ", " + lastIndex() + "]");
        }
        return entry(index).term();
    }

    public Entry entry(long index) {
        return entries.get((int) (index - first));
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        if (from < firstIndex() || to > lastIndex() + 1) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") outside the log ["
                    + firstIndex() + ", " + lastIndex() + "]");
        }
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i < to; i++) {
            Entry e = entry(i);
            if (!out.isEmpty() && bytes + e.sizeInBytes() > maxBytes) {
                break;
            }
            out.add(e);
            bytes += e.sizeInBytes();
        }
        return out;
    }

    @Override
    public SnapshotMeta snapshot() {
        return snapshot;
    }

    /** Appends entries, first dropping any existing entries at or after the first one's index. */
    public void append(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long first = batch.get(0).index();
        if (first > lastIndex() + 1 || first <= snapshot.index()) {
            throw new IllegalArgumentException("append at " + first + " does not fit log ["
                    + firstIndex() + ", " + lastIndex() + "] after snapshot " + snapshot.index());
        }
        truncateFrom(first);
        for (Entry e : batch) {
            if (e.index() != lastIndex() + 1) {
                throw new IllegalArgumentException("entries not contiguous at " + e.index());
            }
            entries.add(e);
        }
    }

    /** Drops entries at or after {@code index}. */
    public void truncateFrom(long index) {
        while (lastIndex() >= index && !entries.isEmpty()) {
            entries.remove(entries.size() - 1);
        }
        durableIndex = Math.min(durableIndex, lastIndex());
    }

    /** Drops entries up to the snapshot's index, keeping the ones after it. */
    public void compact(SnapshotMeta meta) {
        compact(meta, 0);
    }

    /** Drops entries up to the snapshot's index except the last {@code trailing} of them. */
    public void compact(SnapshotMeta meta, int trailing) {
        if (meta.index() > lastIndex() || meta.index() < snapshot.index()) {
            throw new IllegalArgumentException("cannot compact to " + meta.index());
        }
        long newFirst = Math.max(first, meta.index() + 1 - trailing);
        entries.subList(0, (int) (newFirst - first)).clear();
        first = newFirst;
        snapshot = meta;
    }

    /** Replaces the whole log by a snapshot. */
    public void install(SnapshotMeta meta) {
        entries.clear();
        snapshot = meta;
        first = meta.index() + 1;
        durableIndex = meta.index();
    }

    /** Marks everything appended so far as synced. */
    public void sync() {
        durableIndex = lastIndex();
    }

    public long durableIndex() {
        return durableIndex;
    }

    /** Loses what was not synced, as a crash would. */
    public void crash() {
        truncateFrom(durableIndex + 1);
    }
}
