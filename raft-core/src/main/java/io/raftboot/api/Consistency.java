package io.raftboot.api;

/** {@code raft.consistency}: what a read command is checked against before it runs. */
public enum Consistency {
    /** Any member serves reads from its local state; may be stale. */
    LOW,
    /** The leader serves reads under a lease (assumes bounded clock drift), else falls back to HIGH. */
    MEDIUM,
    /** The leader confirms its leadership with a quorum (ReadIndex) before each batch of reads. */
    HIGH
}
