package io.raftboot.storage;

/**
 * When a log append counts as persisted ({@code raft.durability}). At every level a batch is written
 * to the OS before it counts, so a killed process loses nothing; only an OS crash or power loss can
 * lose what was not fsynced.
 */
public enum Durability {
    /** The OS flushes when it likes; never an explicit fsync. */
    LOW,
    /** Fsync at least once a second (when something was written since the last one). */
    MEDIUM,
    /** Fsync before an entry counts as persisted; one fsync per group of batches. */
    HIGH
}
