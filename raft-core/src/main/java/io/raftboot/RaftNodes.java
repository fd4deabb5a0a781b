package io.raftboot;

import io.raftboot.api.PreparedNode;
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
        return prepare(options, stateMachine).start();
    }

    /**
     * Begins a member's start: its local state is recovered on a background thread from now on (when
     * its identity is known before it binds: a fixed {@code port} or an {@code advertise} address;
     * otherwise at {@link PreparedNode#start()}). Failures are reported by {@code start()}.
     */
    public static PreparedNode prepare(RaftOptions options, StateMachine stateMachine) {
        return NodeLauncher.prepare(options, stateMachine, new RespFront(options));
    }
}
