package io.raftboot.faults.workload;

import io.raftboot.test.history.HistoryRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Concurrent clients on one key space, each on its own thread, until {@link #stop()}. The
 * operations go into one {@link HistoryRecorder}.
 */
public final class Workload {
    private final List<Thread> threads = new ArrayList<>();
    private final HistoryRecorder recorder;
    private final WorkloadStats stats = new WorkloadStats();
    private volatile boolean stopped;

    public Workload(Addresses addresses, HistoryRecorder recorder, KeySpace keys, int clients, long seed,
                    Duration socketTimeout) {
        this(addresses, recorder, keys, clients, seed, socketTimeout, List.of());
    }

    /**
     * @param pinnedReaders one extra read-only client per entry, always on the member whose
     *                      client address the supplier gives (null while it is down)
     */
    public Workload(Addresses addresses, HistoryRecorder recorder, KeySpace keys, int clients, long seed,
                    Duration socketTimeout, List<Supplier<String>> pinnedReaders) {
        this.recorder = recorder;
        int total = clients + pinnedReaders.size();
        for (int i = 0; i < total; i++) {
            Supplier<String> pin = i < clients ? null : pinnedReaders.get(i - clients);
            WorkloadClient client = new WorkloadClient(i, addresses, recorder, keys, seed * 1_000_003L + i,
                    () -> stopped, (int) socketTimeout.toMillis(), stats, pin);
            Thread thread = new Thread(client, "workload-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public Workload start() {
        threads.forEach(Thread::start);
        return this;
    }

    public HistoryRecorder recorder() {
        return recorder;
    }

    public WorkloadStats stats() {
        return stats;
    }

    /** Stops every client and waits for it (each is bounded by its socket timeout). */
    public void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 30 s");
            }
        }
    }
}
