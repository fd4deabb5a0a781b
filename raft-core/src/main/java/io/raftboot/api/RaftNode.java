package io.raftboot.api;

import java.util.concurrent.CompletableFuture;

/**
 * A running member of a Raft cluster, serving RESP clients and peers on one port. Open with
 * {@link #open}, close when done.
 */
public interface RaftNode extends AutoCloseable {

    /**
     * Starts a node: locks the data dir, resumes or bootstraps (or joins), and returns once it is
     * listening.
     *
     * @throws IllegalStateException when the node cannot start (the message says why)
     */
    static RaftNode open(RaftOptions options, StateMachine stateMachine) {
        return io.raftboot.node.NodeLauncher.open(options, stateMachine);
    }

    /** This member's id. */
    String id();

    /** The port the RESP listener is bound to (useful with port 0). */
    int port();

    /** The {@code host:port} clients and peers are told to use. */
    String advertisedAddress();

    NodeStatus status();

    /** Takes a snapshot now; completes once it is written and the log compacted. */
    CompletableFuture<Void> snapshot();

    /**
     * Hands leadership to {@code targetId}, or to the most caught-up voter when null; completes once
     * leadership moved. Only on the leader.
     */
    CompletableFuture<Void> transferLeadership(String targetId);

    void addListener(RaftListener listener);

    void removeListener(RaftListener listener);

    /**
     * Stops the node: a leader first hands over leadership (bounded by {@code raft.shutdown-timeout}),
     * then listeners, threads and files are closed.
     */
    @Override
    void close();
}
