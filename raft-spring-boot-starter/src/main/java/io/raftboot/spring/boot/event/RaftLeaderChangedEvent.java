package io.raftboot.spring.boot.event;

import org.springframework.context.ApplicationEvent;

import io.raftboot.api.RaftNode;

/**
 * The leader this member knows changed: a new leader, or none known any more (both ids null).
 * Published on the node's event thread, never on the raft or apply thread.
 */
public class RaftLeaderChangedEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    private final String leaderId;
    private final String leaderAddress;
    private final long term;

    public RaftLeaderChangedEvent(RaftNode node, String leaderId, String leaderAddress, long term) {
        super(node);
        this.leaderId = leaderId;
        this.leaderAddress = leaderAddress;
        this.term = term;
    }

    public RaftNode getNode() {
        return (RaftNode) getSource();
    }

    /** The leader's member id, or null when no leader is known. */
    public String getLeaderId() {
        return leaderId;
    }

    /** The leader's {@code host:port}, or null when no leader is known. */
    public String getLeaderAddress() {
        return leaderAddress;
    }

    public boolean isLeaderKnown() {
        return leaderId != null;
    }

    public long getTerm() {
        return term;
    }

    @Override
    public String toString() {
        return "RaftLeaderChangedEvent[leader " + leaderId + " at " + leaderAddress + ", term " + term + "]";
    }
}
