package io.raftboot.api;

/**
 * Observes a node's role and leader. Called in order on one event thread of the node, never on the
 * raft or apply thread: a slow listener delays only other listeners.
 */
public interface RaftListener {

    default void roleChanged(NodeRole previous, NodeRole current, long term) {
    }

    /** {@code leaderId} and {@code leaderAddress} are null when no leader is known. */
    default void leaderChanged(String leaderId, String leaderAddress, long term) {
    }

    /**
     * The node hit a fatal error (a failed write or fsync, an {@link Error} from the state machine,
     * corrupted history) and stopped: it serves nothing any more, and only a restart of the process
     * brings the member back. Heard once, before the node has finished closing.
     */
    default void stoppedByFatalError(Throwable cause) {
    }
}
