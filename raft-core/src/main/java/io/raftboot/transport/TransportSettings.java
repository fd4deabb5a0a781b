package io.raftboot.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the outbound peer connections.
 *
 * @param connectTimeout     connect plus handshake must finish within this
 * @param backoffMin         first reconnect delay; doubles after each failure
 * @param backoffMax         reconnect delay cap
 * @param maxQueuedBytes     estimated bytes of messages queued for one peer while it is not
 *                           connected (or writes are slow) before the oldest are dropped
 * @param maxBatchBytes      largest encoded RAFT.MSG batch
 * @param snapshotChunkBytes bytes per snapshot chunk
 * @param snapshotWindow     snapshot chunks in flight before waiting for an acknowledgement
 * @param snapshotAckTimeout longest wait for a snapshot acknowledgement
 */
public record TransportSettings(Duration connectTimeout, Duration backoffMin, Duration backoffMax,
                                long maxQueuedBytes, int maxBatchBytes, int snapshotChunkBytes,
                                int snapshotWindow, Duration snapshotAckTimeout) {

    public static final TransportSettings DEFAULTS = new TransportSettings(Duration.ofSeconds(3),
            Duration.ofMillis(50), Duration.ofSeconds(2), 64L * 1024 * 1024, 4 * 1024 * 1024, 256 * 1024,
            4, Duration.ofSeconds(30));

    public TransportSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(backoffMin, "backoffMin");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(snapshotAckTimeout, "snapshotAckTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || backoffMin.isNegative()
                || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("invalid timeouts: connect " + connectTimeout + ", backoff "
                    + backoffMin + ".." + backoffMax);
        }
        if (maxQueuedBytes < 1 || maxBatchBytes < 1024 || snapshotChunkBytes < 1 || snapshotWindow < 1) {
            throw new IllegalArgumentException("invalid sizes: queue " + maxQueuedBytes + ", batch " + maxBatchBytes
                    + ", chunk " + snapshotChunkBytes + ", window " + snapshotWindow);
        }
    }
}
