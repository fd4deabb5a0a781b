package io.raftboot.api;

/**
 * Callbacks for metrics, given with {@link RaftOptions.Builder#metrics}. They run on the node's hot
 * threads: implementations must be cheap and non-blocking (e.g. Micrometer counters and timers).
 * Gauges (term, commit/applied index, replication lag per peer as last index minus match index)
 * are read from {@link RaftNode#status()}.
 */
public interface RaftMetrics {
    RaftMetrics NONE = new RaftMetrics() {
    };

    /** This node saw a new leader (or lost the one it knew). */
    default void leaderChanged() {
    }

    /** This node started an election. */
    default void electionStarted() {
    }

    /** A write proposal's outcome: {@code accepted}, {@code redirected}, {@code no_leader}, {@code timeout}. */
    default void proposal(String result) {
    }

    /**
     * {@code count} proposals with the same outcome at once: the raft thread reports a batch of
     * accepted writes with one call rather than one per write. By default, {@link #proposal} that often.
     */
    default void proposals(String result, int count) {
        for (int i = 0; i < count; i++) {
            proposal(result);
        }
    }

    /** From proposal to commit, on the leader. */
    default void commitLatency(long nanos) {
    }

    /** Time one committed entry spent in the state machine. */
    default void applyLatency(long nanos) {
    }

    /** One fsync of the log; never called at durability {@code low}, which never fsyncs. */
    default void fsyncLatency(long nanos) {
    }

    /**
     * One batch of entries appended to this node's log, from its hand-over to the log writer until
     * it is durable (written, and fsynced at durability {@code high}), on every member and every
     * role, called on a log writer thread. On a follower this is what its acknowledgement waits
     * for; on the leader it is the {@code fsync} stage of {@link #writeStages}, per batch instead
     * of per write. Beside {@link #fsyncLatency} it shows how long a batch waits for the writer.
     */
    default void appendLatency(long nanos) {
    }

    /**
     * Where one client write spent its time, in nanoseconds, so an operator sees which stage to
     * blame without a profiler. Called once per write, by the leader that proposed it, on the apply
     * thread after the reply was handed over (so it never delays that reply):
     * <ul>
     * <li>{@code queue}: from the request reaching the node until the raft thread proposed it;</li>
     * <li>{@code fsync}: the local append of the batch that carried it (waiting for the log writer,
     * the write, and the fsync at durability {@code high});</li>
     * <li>{@code replication}: from the proposal until the entry committed; the local append runs
     * inside it, in parallel with the followers';</li>
     * <li>{@code apply}: from commit until the state machine returned (waiting behind earlier
     * entries on the apply thread, then the handler);</li>
     * <li>{@code reply}: handing the reply over to the client's connection.</li>
     * </ul>
     * queue + replication + apply + reply is the write's whole time in the node; {@code fsync} is a
     * part of {@code replication}.
     */
    default void writeStages(long queueNanos, long fsyncNanos, long replicationNanos, long applyNanos,
                             long replyNanos) {
    }

    /** A snapshot was written. */
    default void snapshotTaken() {
    }

    /** Open client and peer connections changed. */
    default void connections(int open) {
    }

    /** A command completed; {@code command} is the registry name or {@code unknown}; result {@code ok} or {@code error}. */
    default void command(String command, String result) {
    }
}
