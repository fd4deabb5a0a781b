package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.List;

/** A log view over a {@link MemoryLog} that records every range of entries it is asked for. */
class RecordingLogView implements LogView {
    final MemoryLog log;
    final List<long[]> reads = new ArrayList<>();

    RecordingLogView(MemoryLog log) {
        this.log = log;
    }

    @Override
    public long firstIndex() {
        return log.firstIndex();
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public long term(long index) {
        return log.term(index);
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        reads.add(new long[] {from, to});
        return log.entries(from, to, maxBytes);
    }

    @Override
    public SnapshotMeta snapshot() {
        return log.snapshot();
    }
}
