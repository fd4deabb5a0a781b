package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.LogView;
import io.raftboot.consensus.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's durable log as the simulated disk holds it: what survives a crash. Entries after the
 * newest snapshot, possibly starting a few entries before it (trailing entries kept by compaction).
 */
final class SimLog implements LogView {
    private SnapshotMeta snapshot;
    /** entries.get(i) has index {@code first + i}. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long first;

    SimLog(SnapshotMeta snapshot) {
        this.snapshot = snapshot;
        this.first = snapshot.index() + 1;
    }

    SimLog copy() {
        SimLog copy = new SimLog(snapshot);
        copy.first = first;
        copy.entries.addAll(entries);
        return copy;
    }

    @Override
    public long firstIndex() {
        return first;
    }

    @Override
    public long lastIndex() {
        return entries.isEmpty() ? Math.max(snapshot.index(), first - 1) : first + entries.size() - 1;
    }

    @Override
    public long term(long index) {
        if (index >= first && index <= lastIndex() && !entries.isEmpty()) {
            return entries.get((int) (index - first)).term();
        }
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index == 0) {
            return 0;
        }
        throw new IllegalArgumentException("term of index " + index + " asked, log holds [" + first + ", "
                + lastIndex() + "] behind snapshot " + snapshot.index());
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        if (from < first || to > lastIndex() + 1 || from > to) {
            throw new IllegalArgumentException("entries [" + from + ", " + to + ") asked, log holds [" + first + ", "
                    + lastIndex() + "]");
        }
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i < to; i++) {
            Entry entry = entries.get((int) (i - first));
            bytes += entry.sizeInBytes();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    @Override
    public SnapshotMeta snapshot() {
        return snapshot;
    }

    /** The entry at {@code index}, or null when it is not held. */
    Entry entry(long index) {
        if (index < first || index > lastIndex() || entries.isEmpty()) {
            return null;
        }
        return entries.get((int) (index - first));
    }

    /** Appends, first truncating every entry at or after the first new index. */
    void append(List<Entry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long start = newEntries.get(0).index();
        if (start > lastIndex() + 1) {
            throw new SimulationFailure.Violation("log-gap", "append at " + start + " leaves a gap after last index "
                    + lastIndex());
        }
        if (start < first) {
            throw new SimulationFailure.Violation("log-gap", "append at " + start + " rewrites compacted entries (first "
                    + first + ", snapshot " + snapshot.index() + ")");
        }
        while (lastIndex() >= start && !entries.isEmpty()) {
            entries.remove(entries.size() - 1);
        }
        for (Entry entry : newEntries) {
            if (entry.index() != lastIndex() + 1) {
                throw new SimulationFailure.Violation("log-gap", "entries handed out of order: " + newEntries);
            }
            entries.add(entry);
        }
    }

    /** Installs a received snapshot: entries after it survive only if the log agrees at its index. */
    void install(SnapshotMeta meta) {
        boolean agrees = meta.index() <= lastIndex() && meta.index() >= first - 1 && term(meta.index()) == meta.term();
        List<Entry> keep = new ArrayList<>();
        if (agrees) {
            for (long i = meta.index() + 1; i <= lastIndex(); i++) {
                keep.add(entry(i));
            }
        }
        entries.clear();
        entries.addAll(keep);
        snapshot = meta;
        first = meta.index() + 1;
    }

    /** Records a snapshot taken locally and drops entries before it, keeping {@code trailing} of them. */
    void compact(SnapshotMeta meta, int trailing) {
        long newFirst = Math.max(first, meta.index() + 1 - trailing);
        int drop = (int) Math.min(entries.size(), Math.max(0, newFirst - first));
        entries.subList(0, drop).clear();
        first = entries.isEmpty() ? Math.max(first + drop, newFirst) : first + drop;
        snapshot = meta;
    }
}
