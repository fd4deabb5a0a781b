package io.raftboot.storage;

import io.raftboot.consensus.Entry;

import java.util.List;

/** A log store that passes everything to another one; tests override what they watch or hold back. */
public class ForwardingLogStore implements LogStore {
    protected final LogStore delegate;

    public ForwardingLogStore(LogStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public long firstIndex() {
        return delegate.firstIndex();
    }

    @Override
    public long lastIndex() {
        return delegate.lastIndex();
    }

    @Override
    public long term(long index) {
        return delegate.term(index);
    }

    @Override
    public Entry entry(long index) {
        return delegate.entry(index);
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        return delegate.entries(from, to, maxBytes);
    }

    @Override
    public long[] configurationIndexes(long from, long to) {
        return delegate.configurationIndexes(from, to);
    }

    @Override
    public void append(List<Entry> entries) {
        delegate.append(entries);
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        delegate.truncateSuffix(fromIndex);
    }

    @Override
    public void compactPrefix(long upToIndex) {
        delegate.compactPrefix(upToIndex);
    }

    @Override
    public void reset(long index) {
        delegate.reset(index);
    }

    @Override
    public void sync() {
        delegate.sync();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
