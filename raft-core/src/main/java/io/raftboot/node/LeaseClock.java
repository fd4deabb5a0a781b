package io.raftboot.node;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader lease in monotonic time. The raft thread records when each heartbeat round was first
 * sent; when consensus reports a round acknowledged by a voter quorum, the lease runs from that send
 * time for 90% of the minimum election timeout. Readers check {@link #valid()} against
 * {@code System.nanoTime()} immediately before a read runs, so a leader paused by GC or SIGSTOP
 * (which got no ticks) sees its lease expired.
 */
final class LeaseClock {
    private final long durationNanos;
    private final TreeMap<Long, Long> roundSentAt = new TreeMap<>();
    private volatile long expiresAtNanos;
    private volatile boolean held;

    LeaseClock(long minElectionTimeoutNanos) {
        this.durationNanos = minElectionTimeoutNanos * 9 / 10;
    }

    /** Raft thread: a heartbeat of {@code round} is leaving now. */
    void roundSent(long round) {
        roundSentAt.putIfAbsent(round, System.nanoTime());
        if (roundSentAt.size() > 1024) {
            roundSentAt.pollFirstEntry();
        }
    }

    /** Raft thread: consensus reported a lease round (positive), no change (0), or the lease's end (-1). */
    void update(long leaseRound) {
        if (leaseRound < 0) {
            end();
        } else if (leaseRound > 0) {
            Long sentAt = roundSentAt.get(leaseRound);
            if (sentAt != null) {
                long expiry = sentAt + durationNanos;
                if (!held || expiry - expiresAtNanos > 0) {
                    expiresAtNanos = expiry;
                }
                held = true;
            }
            Iterator<Map.Entry<Long, Long>> older = roundSentAt.headMap(leaseRound).entrySet().iterator();
            while (older.hasNext()) {
                older.next();
                older.remove();
            }
        }
    }

    /** Raft thread: leadership lost or handed over. */
    void end() {
        held = false;
        roundSentAt.clear();
    }

    /** Any thread: true while the lease holds at this very instant. */
    boolean valid() {
        return held && expiresAtNanos - System.nanoTime() > 0;
    }
}
