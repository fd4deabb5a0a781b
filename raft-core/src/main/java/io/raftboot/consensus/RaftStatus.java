package io.raftboot.consensus;

import java.util.List;

/**
 * A read-only picture of one engine, for stats, health and tests. {@code peers} is filled on the
 * leader only.
 */
public record RaftStatus(String id, Role role, long term, String votedFor, String leaderId,
                         long commitIndex, long lastIndex, long lastTerm, long firstIndex,
                         SnapshotMeta snapshot, Configuration configuration, String transferTarget,
                         List<PeerProgress> peers) {
}
