package io.raftboot.test;

import static org.awaitility.Awaitility.await;

import io.raftboot.test.history.HistoryRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent clients for a linearizability test: each thread is one {@link RecordingClient} that
 * runs {@code step} until {@link #close}, while the test applies faults. A test waits for progress
 * with {@link #awaitAcknowledged}, never for a fixed time.
 */
public final class ClientLoad implements AutoCloseable {
    /** One operation (or a few) of one client; {@code random} is the client's own, seeded by its number. */
    @FunctionalInterface
    public interface Step {
        void run(RecordingClient client, SplittableRandom random);
    }

    private final HistoryRecorder history;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    private ClientLoad(HistoryRecorder history) {
        this.history = history;
    }

    /** Starts {@code clients} client threads, numbered 1..clients (their process numbers in the history). */
    public static ClientLoad start(RaftCluster cluster, HistoryRecorder history, int clients, Step step) {
        ClientLoad load = new ClientLoad(history);
        for (int process = 1; process <= clients; process++) {
            RecordingClient client = cluster.client(process, history);
            SplittableRandom random = new SplittableRandom(process);
            Thread thread = new Thread(() -> load.loop(client, random, step), "raft-client-" + process);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    private void loop(RecordingClient client, SplittableRandom random, Step step) {
        try {
            while (!stopped) {
                step.run(client, random);
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits until {@code count} more operations than now were acknowledged: the cluster makes progress. */
    public void awaitAcknowledged(long count) {
        long target = history.acknowledged() + count;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .alias(count + " more acknowledged operations")
                .until(() -> failure.get() != null || history.acknowledged() >= target);
        rethrow();
    }

    /** Stops the clients and waits for them; an operation in flight then counts as unknown. */
    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        rethrow();
    }

    private void rethrow() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a client step failed: " + error, error);
        }
    }
}
