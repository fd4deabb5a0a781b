package io.raftboot.consensus;

import java.util.List;

/**
 * A batch of work produced by the engine, to be executed by the runtime in this order:
 * <ol>
 *   <li>send {@link #messages()} at once (the leader's appends and heartbeats: the leader appends
 *   to its own log while it replicates);</li>
 *   <li>make durable, together: {@link #hardState()} (when non-null), {@link #snapshot()} (when
 *   non-null: install it, replacing the state machine, then keep only log entries after it), and
 *   {@link #entries()} (append, first truncating any existing entries at or after the first one's
 *   index); then report {@link RaftEngine#persisted(long, long)};</li>
 *   <li>only after that, send {@link #messagesAfterPersist()} (votes, vote requests and
 *   acknowledgements that promise what was just persisted);</li>
 *   <li>apply {@link #committed()} in order on the state machine (may proceed in parallel with
 *   the above: these entries are already durable on a quorum);</li>
 *   <li>serve {@link #reads()} once the applied index reaches theirs, and fail
 *   {@link #abortedReads()} (leadership lost before confirmation).</li>
 * </ol>
 *
 * @param leaseRound the newest heartbeat round acknowledged by a voter quorum in the current term
 *                   (the runtime knows when it sent that round: the lease runs from then), 0 when
 *                   unchanged, -1 when the lease must end at once (transfer started, stepped down)
 */
public record Ready(HardState hardState, SnapshotMeta snapshot, List<Entry> entries,
                    List<Message> messages, List<Message> messagesAfterPersist, List<Entry> committed,
                    List<ReadState> reads, List<Long> abortedReads, SoftState softState,
                    long leaseRound) {

    public static final Ready EMPTY = new Ready(null, null, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), null, 0);

    public boolean isEmpty() {
        return hardState == null && snapshot == null && entries.isEmpty() && messages.isEmpty()
                && messagesAfterPersist.isEmpty() && committed.isEmpty() && reads.isEmpty()
                && abortedReads.isEmpty() && softState == null && leaseRound == 0;
    }

    /** True when something must be made durable before {@link #messagesAfterPersist()} may leave. */
    public boolean needsPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }
}
