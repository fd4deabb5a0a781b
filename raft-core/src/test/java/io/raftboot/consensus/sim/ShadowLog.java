package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The log one engine believes it has: the durable log plus every entry it handed out for persisting
 * that is not durable yet. The simulator keeps it to check log matching and leader completeness at
 * the moment entries appear, before they reach the disk.
 */
final class ShadowLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private long first;
    private final ArrayList<Entry> entries = new ArrayList<>();

    ShadowLog(SimLog durable) {
        snapshotIndex = durable.snapshot().index();
        snapshotTerm = durable.snapshot().term();
        first = durable.firstIndex();
        for (long i = durable.firstIndex(); i <= durable.lastIndex(); i++) {
            Entry entry = durable.entry(i);
            if (entry != null) {
                entries.add(entry);
            }
        }
    }

    long lastIndex() {
        return entries.isEmpty() ? Math.max(snapshotIndex, first - 1) : first + entries.size() - 1;
    }

    /** Term at index, or -1 when this log does not know it (compacted or beyond the end). */
    long term(long index) {
        if (index == 0) {
            return 0;
        }
        if (index >= first && index <= lastIndex() && !entries.isEmpty()) {
            return entries.get((int) (index - first)).term();
        }
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        return -1;
    }

    Entry entry(long index) {
        if (index >= first && index <= lastIndex() && !entries.isEmpty()) {
            return entries.get((int) (index - first));
        }
        return null;
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    void install(SnapshotMeta meta) {
        boolean agrees = term(meta.index()) == meta.term();
        List<Entry> keep = new ArrayList<>();
        if (agrees) {
            for (long i = meta.index() + 1; i <= lastIndex(); i++) {
                keep.add(entry(i));
            }
        }
        entries.clear();
        entries.addAll(keep);
        snapshotIndex = meta.index();
        snapshotTerm = meta.term();
        first = meta.index() + 1;
    }

    void compact(SnapshotMeta meta) {
        // Only the snapshot point moves; the simulator keeps the entries for its checks.
        if (meta.index() > snapshotIndex) {
            snapshotIndex = meta.index();
            snapshotTerm = meta.term();
        }
    }

    void append(List<Entry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long start = newEntries.get(0).index();
        if (start > lastIndex() + 1) {
            throw new SimulationFailure.Violation("log-gap", "engine handed out entries from " + start
                    + " but its log ends at " + lastIndex());
        }
        if (start < first) {
            throw new SimulationFailure.Violation("log-gap", "engine rewrites compacted index " + start
                    + " (first index " + first + ")");
        }
        entries.subList((int) (start - first), entries.size()).clear();
        entries.addAll(newEntries);
    }
}
