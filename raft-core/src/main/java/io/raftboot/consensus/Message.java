package io.raftboot.consensus;

import java.util.List;

/**
 * Every message consensus exchanges between members. Each carries its sender, its addressee and the
 * sender's term. The runtime moves them; the transport encodes them.
 */
public sealed interface Message {
    String from();

    String to();

    long term();

    /**
     * A (pre-)vote request. {@code transfer} marks a campaign started by TimeoutNow, which voters
     * let through leader stickiness.
     */
    record VoteRequest(String from, String to, long term, long lastLogIndex, long lastLogTerm,
                       boolean preVote, boolean transfer) implements Message {
    }

    record VoteResponse(String from, String to, long term, boolean granted, boolean preVote)
            implements Message {
    }

    /**
     * Replicates entries following (prevLogIndex, prevLogTerm). An empty entry list is a probe.
     */
    record AppendRequest(String from, String to, long term, long prevLogIndex, long prevLogTerm,
                         List<Entry> entries, long leaderCommit) implements Message {
        public AppendRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Success: {@code index} is the last index this request proved to match. Rejection:
     * {@code index} is the rejected prevLogIndex, and (conflictTerm, conflictIndex) let the leader
     * skip a whole conflicting term (conflictTerm 0: the follower's log is shorter, and
     * conflictIndex is its last index + 1).
     */
    record AppendResponse(String from, String to, long term, boolean success, long index,
                          long conflictTerm, long conflictIndex) implements Message {
    }

    /**
     * Leader liveness, commit propagation and ReadIndex/lease confirmation. {@code round} identifies
     * the heartbeat round so that acknowledgements can be matched to when the round was sent.
     */
    record Heartbeat(String from, String to, long term, long commit, long round) implements Message {
    }

    record HeartbeatResponse(String from, String to, long term, long round) implements Message {
    }

    /**
     * Tells a follower to install the snapshot described by {@code snapshot}. The runtime streams the
     * snapshot's bytes before it delivers this message to the follower's consensus.
     */
    record InstallSnapshot(String from, String to, long term, SnapshotMeta snapshot) implements Message {
    }

    /** {@code index} is the follower's last index after handling the snapshot. */
    record InstallSnapshotResponse(String from, String to, long term, long index, boolean success)
            implements Message {
    }

    /** Leadership transfer: the target campaigns at once. */
    record TimeoutNow(String from, String to, long term) implements Message {
    }
}
