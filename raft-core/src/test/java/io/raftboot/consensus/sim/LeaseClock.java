package io.raftboot.consensus.sim;

import java.util.TreeMap;

/**
 * The leader lease as a runtime keeps it: each heartbeat round is stamped with the local clock when
 * it is first sent; when the engine reports a round acknowledged by a voter quorum, the lease runs
 * from that stamp for a fraction of the minimum election timeout. Judged against the local clock, so
 * a paused process finds its lease expired when it wakes up.
 */
final class LeaseClock {
    private final TreeMap<Long, Long> roundSentAt = new TreeMap<>();
    private final long durationLocal;
    private long expiresLocal = Long.MIN_VALUE;

    LeaseClock(long durationLocal) {
        this.durationLocal = durationLocal;
    }

    void roundSent(long round, long localNow) {
        roundSentAt.putIfAbsent(round, localNow);
    }

    /** The engine's {@code Ready.leaseRound}: a round a quorum acknowledged, or -1 to end the lease. */
    void acknowledged(long round) {
        if (round < 0) {
            end();
            return;
        }
        Long sentAt = roundSentAt.get(round);
        if (sentAt != null) {
            expiresLocal = Math.max(expiresLocal, sentAt + durationLocal);
        }
        roundSentAt.headMap(round, false).clear();
    }

    boolean valid(long localNow) {
        return localNow < expiresLocal;
    }

    /** Leadership lost or regained: rounds of another term mean nothing. */
    void end() {
        expiresLocal = Long.MIN_VALUE;
        roundSentAt.clear();
    }
}
