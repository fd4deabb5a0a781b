package io.raftboot.storage;

import io.raftboot.consensus.Entry;

import java.util.ArrayList;
import java.util.List;

/** A heap-only log for tests: nothing survives a restart. Thread-safe by a monitor (tests only). */
public final class MemoryLogStore implements LogStore {
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** Index of entries.get(0), or of the next append when empty. */
    private long first = 1;

    @Override
    public synchronized long firstIndex() {
        return first;
    }

    @Override
    public synchronized long lastIndex() {
        return first + entries.size() - 1;
    }

    @Override
    public synchronized long term(long index) {
        return entry(index).term();
    }

    @Override
    public synchronized Entry entry(long index) {
        LogChecks.checkIndex(index, first, lastIndex());
        return entries.get((int) (index - first));
    }

    @Override
    public synchronized List<Entry> entries(long from, long to, long maxBytes) {
        LogChecks.checkRange(from, to, first, lastIndex());
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i < to; i++) {
            Entry e = entries.get((int) (i - first));
            bytes += e.sizeInBytes();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public synchronized void append(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        LogChecks.checkAppend(batch, first, lastIndex());
        truncateSuffix(batch.get(0).index());
        entries.addAll(batch);
    }

    @Override
    public synchronized void truncateSuffix(long fromIndex) {
        LogChecks.checkTruncate(fromIndex, first, lastIndex());
        entries.subList((int) (fromIndex - first), entries.size()).clear();
    }

    @Override
    public synchronized void compactPrefix(long upToIndex) {
        if (upToIndex < first) {
            return;
        }
        if (upToIndex >= lastIndex()) {
            reset(upToIndex);
            return;
        }
        entries.subList(0, (int) (upToIndex - first + 1)).clear();
        first = upToIndex + 1;
    }

    @Override
    public synchronized void reset(long index) {
        LogChecks.checkReset(index);
        entries.clear();
        first = index + 1;
    }

    @Override
    public void sync() {
        // nothing to make durable
    }

    @Override
    public void close() {
        // nothing to release
    }
}
