package io.raftboot.consensus.sim;

import io.raftboot.consensus.SnapshotMeta;
import java.util.Map;

/** A snapshot as the simulated runtime stores and streams it: metadata plus the state machine's content. */
record SnapshotData(SnapshotMeta meta, Map<String, Long> values) {
    SnapshotData {
        values = Map.copyOf(values);
    }
}
