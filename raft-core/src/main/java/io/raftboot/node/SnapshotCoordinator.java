package io.raftboot.node;

import io.raftboot.api.RaftMetrics;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.SnapshotStore;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots captured on the apply thread to the snapshot store from a thread of its own (so
 * writes continue meanwhile), then has the raft thread compact the log behind them.
 */
final class SnapshotCoordinator implements ApplyLoop.CaptureHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotCoordinator.class);
    private final SnapshotStore store;
    private final long trailingEntries;
    private final RaftMetrics metrics;
    private final ExecutorService executor;
    private volatile RaftLoop raft;

    SnapshotCoordinator(String nodeId, SnapshotStore store, long trailingEntries, RaftMetrics metrics) {
        this.store = store;
        this.trailingEntries = trailingEntries;
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raft-snapshot-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    void bind(RaftLoop raft) {
        this.raft = raft;
    }

    @Override
    public CompletableFuture<Long> persist(SnapshotMeta meta, SnapshotWriter writer) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        executor.execute(() -> {
            try (io.raftboot.storage.SnapshotWriter file = store.create(meta)) {
                OutputStream out = file.stream();
                writer.writeTo(out);
                out.flush();
                long size = file.commit().size();
                metrics.snapshotTaken();
                log.info("snapshot written at index {} term {} ({} bytes)", meta.index(), meta.term(), size);
                raft.post(() -> {
                    raft.snapshotWritten(meta, trailingEntries);
                    done.complete(size);
                });
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
