package io.raftboot.node;

/**
 * A request that never reached the log because this member is not the leader: the server layer
 * answers it with the configured redirect, or {@code -CLUSTERDOWN} when no leader is known.
 */
public final class NotLeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String leaderId;
    private final String leaderAddress;

    public NotLeaderException(String leaderId, String leaderAddress) {
        super(leaderAddress == null ? "leader not known" : "leader is " + leaderAddress, null, false, false);
        this.leaderId = leaderId;
        this.leaderAddress = leaderAddress;
    }

    public String leaderId() {
        return leaderId;
    }

    /** Null when no leader is known. */
    public String leaderAddress() {
        return leaderAddress;
    }
}
