package io.raftboot.consensus;

/** One single-server membership change. */
public sealed interface ConfigChange {
    /**
     * Adds a non-voting learner. With {@code promoteWhenCaughtUp}, the leader promotes it itself once
     * a catch-up round (to the leader's last index at the round's start) finishes within one election
     * timeout.
     */
    record AddLearner(Member member, boolean promoteWhenCaughtUp) implements ConfigChange {
    }

    record Promote(String id) implements ConfigChange {
    }

    record Remove(String id) implements ConfigChange {
    }
}
