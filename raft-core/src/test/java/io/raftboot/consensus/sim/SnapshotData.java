package io.raftboot.consensus.sim;

import io.raftboot.consensus.SnapshotMeta;

/**
 * A snapshot as the simulated runtime stores and streams it: metadata plus the state machine's
 * content, an immutable value only the state machine reads (a map for {@link KvStore}, bytes for a
 * user's state machine); null is the empty state a cluster starts from.
 */
public record SnapshotData(SnapshotMeta meta, Object content) {
}
