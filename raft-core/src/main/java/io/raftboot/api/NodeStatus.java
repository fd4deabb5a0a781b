package io.raftboot.api;

import java.util.List;

/**
 * A read-only picture of one node, taken when {@link RaftNode#status()} was called.
 *
 * @param leaderReady true on a leader whose first entry of its own term has committed: only then
 *                    does it serve reads and count as ready (a new leader does not know the commit
 *                    index before that)
 */
public record NodeStatus(String id, String clusterId, NodeRole role, long term, String leaderId,
                         String leaderAddress, long commitIndex, long appliedIndex, long lastLogIndex,
                         long lastLogTerm, long lastSnapshotIndex, long lastSnapshotTerm,
                         Durability durability, Consistency consistency, List<MemberStatus> members,
                         boolean leaderReady) {

    public NodeStatus {
        members = List.copyOf(members);
        leaderReady = leaderReady && role == NodeRole.LEADER;
    }

    /** Without the leader's readiness: a leader is then taken as ready. */
    public NodeStatus(String id, String clusterId, NodeRole role, long term, String leaderId, String leaderAddress,
                      long commitIndex, long appliedIndex, long lastLogIndex, long lastLogTerm, long lastSnapshotIndex,
                      long lastSnapshotTerm, Durability durability, Consistency consistency, List<MemberStatus> members) {
        this(id, clusterId, role, term, leaderId, leaderAddress, commitIndex, appliedIndex, lastLogIndex, lastLogTerm,
                lastSnapshotIndex, lastSnapshotTerm, durability, consistency, members, role == NodeRole.LEADER);
    }

    public boolean isLeader() {
        return role == NodeRole.LEADER;
    }
}
