package io.raftboot.node;

import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;

/** Entry point behind {@link RaftNode#open}: resolves options, then assembles and starts a node. */
public final class NodeLauncher {
    private NodeLauncher() {
    }

    public static RaftNode open(RaftOptions options, StateMachine stateMachine) {
        throw new UnsupportedOperationException("the runtime is not assembled yet on this branch");
    }
}
