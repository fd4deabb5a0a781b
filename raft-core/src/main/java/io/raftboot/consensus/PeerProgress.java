package io.raftboot.consensus;

/** The leader's view of one member's replication. */
public record PeerProgress(String id, boolean voter, long matchIndex, long nextIndex, boolean snapshotPending) {
}
