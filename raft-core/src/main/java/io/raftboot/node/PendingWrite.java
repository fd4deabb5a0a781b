package io.raftboot.node;

import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client write on its way through the log. Created on a network thread, proposed by the raft
 * thread (which fills in index and term), completed by the apply thread with the handler's reply, or
 * by the raft thread with a redirect or an unknown outcome.
 */
final class PendingWrite {
    final long requestId;
    final byte[] payload;
    final CompletableFuture<RespValue> reply;
    final long createdNanos;
    /**
     * Claimed once, either by the raft thread as it proposes the write or by the request timeout
     * while the write is still held back (leader overloaded or transferring): so a timed-out write
     * is known never to reach the log, and a proposed one is known to have an unknown outcome.
     */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Set by the raft thread once the entry reached the log; 0 before. */
    volatile long index;
    volatile long term;

    PendingWrite(long requestId, byte[] payload, CompletableFuture<RespValue> reply) {
        this.requestId = requestId;
        this.payload = payload;
        this.reply = reply;
        this.createdNanos = System.nanoTime();
    }

    /**
     * Takes the write, once: the raft thread as it proposes it, or the request timeout while it is
     * still held back. False when the other side already has it.
     */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** The proposal was refused (overloaded, transferring): the write is held again. */
    void releaseClaim() {
        claimed.set(false);
    }
}
