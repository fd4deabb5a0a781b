package io.raftboot.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording memory log whose fsyncs are deferred tasks ({@link LogStore#syncsBesideAppends()}), numbered
 * 1, 2, ... as the writer captures them, each of which the test may hold at a gate ({@link #hold})
 * and release in any order. Appends, captures and fsync starts and ends go to a shared event list.
 */
public final class DeferredSyncStore extends ForwardingLogStore {
    private final List<String> events;
    private final AtomicInteger captured = new AtomicInteger();
    private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();

    /** An empty memory log; appends, truncations and resets are recorded as {@link RecordingLogStore} does. */
    public DeferredSyncStore(List<String> events) {
        super(new RecordingLogStore(events, false));
        this.events = events;
    }

    /** The fsync captured as number {@code n} waits until {@link #release(int)}. */
    public void hold(int n) {
        gates.put(n, new CountDownLatch(1));
    }

    public void release(int n) {
        gates.get(n).countDown();
    }

    @Override
    public boolean syncsBesideAppends() {
        return true;
    }

    @Override
    public Runnable syncLater() {
        int n = captured.incrementAndGet();
        events.add("capture " + n + " through " + delegate.lastIndex());
        return () -> {
            events.add("fsync-start " + n);
            CountDownLatch gate = gates.get(n);
            try {
                if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("fsync " + n + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("fsync-end " + n);
        };
    }

    @Override
    public void sync() {
        syncLater().run();
    }
}
