package io.raftboot.transport;

import java.util.concurrent.CompletionStage;

/**
 * Receives one snapshot transfer's bytes. Calls come one at a time, each after the previous stage
 * completed, from a Netty event loop: do slow work (disk) elsewhere and complete the stage when
 * done; the sender waits for each acknowledgement (within its window), which is the back-pressure.
 */
public interface SnapshotSink {
    /** Stores {@code bytes} at {@code offset}; offsets are contiguous from 0. */
    CompletionStage<Void> write(long offset, byte[] bytes);

    /** All bytes arrived: make the snapshot durable. After this stage the InstallSnapshot is delivered. */
    CompletionStage<Void> complete();

    /** The transfer failed or the connection closed early: discard what was written. */
    void abort();
}
