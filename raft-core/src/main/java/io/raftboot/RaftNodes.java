package io.raftboot;

import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import io.raftboot.node.NodeLauncher;

/**
 * Opens members. The one place that knows every layer: it starts the node runtime and gives it a
 * {@link RespFront} (the RESP listener with the command layer), so that {@code api} depends on
 * nothing of the project and the node never on the server or the commands.
 */
public final class RaftNodes {
    private RaftNodes() {
    }

    /**
     * Starts a member: locks the data dir, resumes or bootstraps (or joins), and returns once it is
     * listening.
     *
     * @throws IllegalStateException when the node cannot start (the message says why)
     */
    public static RaftNode open(RaftOptions options, StateMachine stateMachine) {
        return NodeLauncher.open(options, stateMachine, new RespFront(options));
    }
}
