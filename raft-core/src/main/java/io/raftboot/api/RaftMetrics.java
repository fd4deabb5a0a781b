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

    /** From proposal to commit, on the leader. */
    default void commitLatency(long nanos) {
    }

    /** Time one committed entry spent in the state machine. */
    default void applyLatency(long nanos) {
    }

    /** One fsync (or write at lower durability) of the log. */
    default void fsyncLatency(long nanos) {
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
