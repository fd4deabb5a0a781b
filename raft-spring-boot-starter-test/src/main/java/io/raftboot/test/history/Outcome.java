package io.raftboot.test.history;

/** What the client learned about an operation. */
public enum Outcome {
    /** Acknowledged: it took effect exactly once, between its invocation and its completion. */
    OK,
    /** Definitely refused (redirect, CLUSTERDOWN, ERR): it never took effect. */
    FAIL,
    /** Timed out or the connection broke: it may take effect at any point after its invocation, or never. */
    UNKNOWN
}
