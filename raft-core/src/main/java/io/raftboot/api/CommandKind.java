package io.raftboot.api;

public enum CommandKind {
    /** Goes through the Raft log and runs on every member. */
    WRITE,
    /** Runs locally after the configured consistency check; never logged. */
    READ
}
