package io.raftboot.test.lin;

/** Answer of the checker for one key, or for a whole history. */
public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The search gave up after its step budget: neither proven nor refuted. */
    UNDECIDED
}
