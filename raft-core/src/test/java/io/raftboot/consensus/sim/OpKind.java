package io.raftboot.consensus.sim;

/** Client operations on one key: the values are longs, a missing key reads as 0. */
public enum OpKind {
    /** Sets the key to the given value. */
    PUT,
    /** Adds one and returns the new value. */
    INCR,
    /** Returns the value. */
    GET,
    /** A liveness probe: touches no key. */
    PROBE,
    /** A command of a plugged-in application ({@link SimApplication}); {@code History.Op.request()} says which. */
    COMMAND;

    boolean isWrite() {
        return this == PUT || this == INCR;
    }
}
