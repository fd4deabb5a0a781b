package io.raftboot.consensus;

/**
 * What consensus knows of a snapshot: the last index and term it includes and the configuration in
 * force at that index. The bytes themselves are the runtime's business.
 */
public record SnapshotMeta(long index, long term, Configuration configuration) {
    public static final SnapshotMeta NONE = new SnapshotMeta(0, 0, Configuration.EMPTY);
}
