package io.raftboot.node;

import io.raftboot.api.RaftMetrics;
import io.raftboot.resp.RespValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /**
     * Where the write stands, so that its deadline gives the right answer: a write still held back
     * (leader overloaded or transferring) never reached the log and is refused; one in the log has an
     * unknown outcome; one the raft thread is proposing right now is decided by that thread.
     */
    enum Stage { HELD, PROPOSING, IN_LOG, EXPIRED }

    /** A field with compare-and-set rather than an AtomicReference: one object less per write. */
    private volatile Stage stage = Stage.HELD;
    private static final VarHandle STAGE;

    static {
        try {
            STAGE = MethodHandles.lookup().findVarHandle(PendingWrite.class, "stage", Stage.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile boolean deadlinePassed;
    /** Set by the raft thread once the entry reached the log; 0 before. */
    volatile long index;
    volatile long term;
    /**
     * For the per-stage write metrics. The raft thread stamps the proposal before it publishes the
     * write in the map the apply thread takes it from; the log writer sets the append's duration
     * before it reports that append durable, and this leader commits the entry only after that:
     * both are visible to the apply thread without being volatile.
     */
    long proposedNanos;
    long appendNanos;
    /** Apply thread only: when the entry was handed over, applied, and its reply handed to the connection. */
    private long committedNanos;
    private long appliedNanos;
    private long handedOverNanos;

    PendingWrite(long requestId, byte[] payload, CompletableFuture<RespValue> reply) {
        this.requestId = requestId;
        this.payload = payload;
        this.reply = reply;
        this.createdNanos = System.nanoTime();
    }

    /**
     * Apply thread, once the reply was handed over: notes the last stamps, {@link System#nanoTime()}
     * values; {@code committedNanos} is when the raft thread handed the entry over for applying.
     */
    void stamped(long committedNanos, long appliedNanos, long handedOverNanos) {
        this.committedNanos = committedNanos;
        this.appliedNanos = appliedNanos;
        this.handedOverNanos = handedOverNanos;
    }

    /** Apply thread, after {@link #stamped}: reports where this write spent its time. */
    void reportStages(RaftMetrics metrics) {
        metrics.writeStages(proposedNanos - createdNanos, appendNanos, committedNanos - proposedNanos,
                appliedNanos - committedNanos, handedOverNanos - appliedNanos);
    }

    /** Raft thread: takes a held write to propose it; false when its deadline already expired it. */
    boolean startProposing() {
        return STAGE.compareAndSet(this, Stage.HELD, Stage.PROPOSING);
    }

    /** Raft thread: the write is in the log. True when its deadline passed meanwhile: the outcome is unknown. */
    boolean enteredLog() {
        stage = Stage.IN_LOG;
        return deadlinePassed;
    }

    /**
     * Raft thread: the proposal was refused for now (overloaded, transferring) and the write is held
     * again. True when its deadline passed meanwhile and this call expired it: it never reached the log.
     */
    boolean heldAgain() {
        stage = Stage.HELD;
        return deadlinePassed && STAGE.compareAndSet(this, Stage.HELD, Stage.EXPIRED);
    }

    /**
     * The request timeout: expires a held write ({@link Stage#EXPIRED}) or reports where it stands; for
     * {@link Stage#PROPOSING} the raft thread answers once it knows.
     */
    Stage deadline() {
        deadlinePassed = true;
        return STAGE.compareAndSet(this, Stage.HELD, Stage.EXPIRED) ? Stage.EXPIRED : stage;
    }
}
