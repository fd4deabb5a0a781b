package io.raftboot.consensus;

/**
 * Which quorum-acknowledged heartbeat round the leader reports as its lease. Only rounds of the
 * current leadership count, and after an aborted transfer only rounds sent after the abort: a
 * TimeoutNow may have let another member win votes in the meantime.
 */
final class Lease {
    private long floorRound;
    private long reportedRound;

    /** A new leadership (or a resumed one) starts after {@code newestRound}. */
    void startAfter(long newestRound) {
        floorRound = newestRound;
        reportedRound = Math.max(reportedRound, newestRound);
    }

    /** The round to report when {@code confirmedRound} extends the lease, else 0. */
    long extend(long confirmedRound) {
        if (confirmedRound <= floorRound || confirmedRound <= reportedRound) {
            return 0;
        }
        reportedRound = confirmedRound;
        return confirmedRound;
    }
}
