package io.raftboot.node;

import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;

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
    /** Set by the raft thread once the entry reached the log; 0 before. */
    volatile long index;
    volatile long term;

    PendingWrite(long requestId, byte[] payload, CompletableFuture<RespValue> reply) {
        this.requestId = requestId;
        this.payload = payload;
        this.reply = reply;
        this.createdNanos = System.nanoTime();
    }
}
