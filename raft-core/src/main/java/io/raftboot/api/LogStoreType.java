package io.raftboot.api;

/** {@code raft.log-store}: how the Raft log is kept on disk. */
public enum LogStoreType {
    /** Checksummed append-only segment files. */
    SEGMENTED,
    /** A MapDB tree map. */
    MAPDB,
    /** In memory only: nothing survives a restart (tests only). */
    MEMORY
}
