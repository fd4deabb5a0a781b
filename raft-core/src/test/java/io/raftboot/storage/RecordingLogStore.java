package io.raftboot.storage;

import io.raftboot.consensus.Entry;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A memory log that records every mutation and sync into a shared event list, can hold its first
 * append at a gate (so later submissions queue up into one group), and can fail on demand.
 */
final class RecordingLogStore extends ForwardingLogStore {
    final List<String> events;
    final CountDownLatch enteredFirstAppend = new CountDownLatch(1);
    final CountDownLatch gate;
    volatile long failAppendAt = Long.MAX_VALUE;
    volatile boolean failSync;
    private boolean first = true;

    RecordingLogStore(List<String> events, boolean gated) {
        super(new MemoryLogStore());
        this.events = events;
        this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    @Override
    public void append(List<Entry> entries) {
        if (first) {
            first = false;
            enteredFirstAppend.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long last = entries.get(entries.size() - 1).index();
        if (entries.get(0).index() <= failAppendAt && failAppendAt <= last) {
            throw new StorageException("injected write failure at " + failAppendAt);
        }
        delegate.append(entries);
        events.add("append " + entries.get(0).index() + "-" + last);
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        delegate.truncateSuffix(fromIndex);
        events.add("truncate " + fromIndex);
    }

    @Override
    public void compactPrefix(long upToIndex) {
        delegate.compactPrefix(upToIndex);
        events.add("compact " + upToIndex);
    }

    @Override
    public void reset(long index) {
        delegate.reset(index);
        events.add("reset " + index);
    }

    @Override
    public void sync() {
        if (failSync) {
            throw new StorageException("injected fsync failure");
        }
        events.add("sync");
    }
}
