package io.raftboot.api;

/** {@code raft.redirect}: what a non-leader does with a write or a leader-only read. */
public enum Redirect {
    /** Answer {@code -TRY host:port} of the leader. */
    TRY,
    /** Answer {@code -MOVED 0 host:port}, with CLUSTER commands describing one shard owned by the leader. */
    MOVED,
    /** Forward the request to the leader and relay its reply. */
    PROXY
}
