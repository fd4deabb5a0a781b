package io.raftboot.node;

import io.raftboot.consensus.Message;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.SnapshotStore;
import io.raftboot.storage.SnapshotWriter;
import io.raftboot.transport.SnapshotReceiver;
import io.raftboot.transport.SnapshotSink;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stores snapshots streamed by a leader into the snapshot store, on a disk thread of its own (never on
 * the event loop). Once a file is committed, the transport delivers the InstallSnapshot to consensus,
 * which then tells the runtime to restore from it.
 */
final class SnapshotReceiving implements SnapshotReceiver, AutoCloseable {
    private final SnapshotStore store;
    private final ExecutorService disk;

    SnapshotReceiving(String nodeId, SnapshotStore store) {
        this.store = store;
        this.disk = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raft-snapshot-receive-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    static String idOf(SnapshotMeta meta) {
        return String.format("%020d-%020d", meta.index(), meta.term());
    }

    @Override
    public SnapshotSink begin(String fromPeer, Message.InstallSnapshot message, long size) {
        String id = idOf(message.snapshot());
        CompletableFuture<SnapshotWriter> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return store.receive(id);
            } catch (IOException e) {
                throw new IllegalStateException("cannot receive snapshot " + id + ": " + e.getMessage(), e);
            }
        }, disk);
        return new SnapshotSink() {
            @Override
            public CompletionStage<Void> write(long offset, byte[] bytes) {
                return writer.thenAcceptAsync(w -> {
                    try {
                        w.stream().write(bytes);
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot write snapshot " + id + ": " + e.getMessage(), e);
                    }
                }, disk);
            }

            @Override
            public CompletionStage<Void> complete() {
                return writer.thenAcceptAsync(w -> {
                    try {
                        w.stream().flush();
                        w.commit();
                    } catch (IOException e) {
                        throw new IllegalStateException("snapshot " + id + " rejected: " + e.getMessage(), e);
                    }
                }, disk);
            }

            @Override
            public void abort() {
                writer.thenAcceptAsync(SnapshotWriter::abort, disk);
            }
        };
    }

    @Override
    public void close() {
        disk.shutdownNow();
    }
}
