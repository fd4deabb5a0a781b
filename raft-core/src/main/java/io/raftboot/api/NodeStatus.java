package io.raftboot.api;

import java.util.List;

/** A read-only picture of one node, taken when {@link RaftNode#status()} was called. */
public record NodeStatus(String id, String clusterId, NodeRole role, long term, String leaderId,
                         String leaderAddress, long commitIndex, long appliedIndex, long lastLogIndex,
                         long lastLogTerm, long lastSnapshotIndex, long lastSnapshotTerm,
                         Durability durability, Consistency consistency, List<MemberStatus> members) {

    public NodeStatus {
        members = List.copyOf(members);
    }

    public boolean isLeader() {
        return role == NodeRole.LEADER;
    }
}
