package io.raftboot.spring.boot.event;

import org.springframework.context.ApplicationEvent;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;

/**
 * This member's role changed (e.g. it became leader, or stepped down). Published on the node's
 * event thread, never on the raft or apply thread.
 */
public class RaftRoleChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final NodeRole previousRole;
    private final NodeRole role;
    private final long term;

    public RaftRoleChangedEvent(RaftNode node, NodeRole previousRole, NodeRole role, long term) {
        super(node);
        this.previousRole = previousRole;
        this.role = role;
        this.term = term;
    }

    public RaftNode getNode() {
        return (RaftNode) getSource();
    }

    public NodeRole getPreviousRole() {
        return previousRole;
    }

    public NodeRole getRole() {
        return role;
    }

    public long getTerm() {
        return term;
    }

    @Override
    public String toString() {
        return "RaftRoleChangedEvent[" + previousRole + " -> " + role + ", term " + term + "]";
    }
}
