package io.raftboot.api;

/** {@code raft.durability}: when log writes are forced to disk. */
public enum Durability {
    /** The OS flushes when it likes; a machine crash may lose acknowledged writes. */
    LOW,
    /** fsync at least once a second. */
    MEDIUM,
    /** fsync before acknowledging (group commit). */
    HIGH
}
