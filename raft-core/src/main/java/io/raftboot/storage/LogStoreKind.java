package io.raftboot.storage;

/** Which {@link LogStore} implementation backs the log ({@code raft.log-store}). */
public enum LogStoreKind {
    /** Checksummed append-only segment files: the default. */
    SEGMENTED,
    /** A MapDB tree map; slower, see {@link MapDbLogStore} for its limits. */
    MAPDB,
    /** Heap only, for tests: nothing survives a restart. */
    MEMORY
}
