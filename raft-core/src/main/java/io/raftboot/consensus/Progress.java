package io.raftboot.consensus;

import java.util.ArrayDeque;

/** The leader's replication state for one peer: probe, pipelined replicate, or snapshot. */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    private record InFlight(long lastIndex, long bytes) {
    }

    final String id;
    long match;
    long next;
    State state = State.PROBE;
    /** In probe: an append is outstanding, so wait for its answer (or a heartbeat answer). */
    boolean probeSent;
    /** In probe: the leader tick when the outstanding append was sent. */
    long probeSentTick;
    /** In snapshot: the index of the snapshot being sent. */
    long pendingSnapshot;
    /** In snapshot: the leader tick when it was sent. */
    long snapshotSentTick;
    /** Heard from since the last check-quorum. */
    boolean recentActive = true;
    /** Newest heartbeat round this peer acknowledged in the current term. */
    long ackedRound;
    /** Match index at the previous stall check (one per heartbeat interval), to detect a stalled pipeline. */
    long matchAtLastHeartbeatAck = -1;
    /** The leader tick of the previous stall check. */
    long stallCheckTick = Long.MIN_VALUE / 2;
    private final ArrayDeque<InFlight> inflight = new ArrayDeque<>();
    private long inflightBytes;

    Progress(String id, long next) {
        this.id = id;
        this.next = next;
    }

    void becomeProbe(long nextIndex) {
        state = State.PROBE;
        next = Math.max(match + 1, nextIndex);
        probeSent = false;
        pendingSnapshot = 0;
        clearInflight();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = Math.max(next, match + 1);
        probeSent = false;
        pendingSnapshot = 0;
        clearInflight();
    }

    void becomeSnapshot(long snapshotIndex) {
        state = State.SNAPSHOT;
        pendingSnapshot = snapshotIndex;
        probeSent = false;
        clearInflight();
    }

    /** Records an acknowledged index; match only grows. */
    void acknowledged(long index) {
        match = Math.max(match, index);
        next = Math.max(next, match + 1);
        while (!inflight.isEmpty() && inflight.peekFirst().lastIndex() <= index) {
            inflightBytes -= inflight.pollFirst().bytes();
        }
    }

    void sent(long lastIndex, long bytes) {
        if (state == State.REPLICATE) {
            inflight.addLast(new InFlight(lastIndex, bytes));
            inflightBytes += bytes;
            next = lastIndex + 1;
        } else if (state == State.PROBE) {
            probeSent = true;
        }
    }

    boolean hasInflight() {
        return !inflight.isEmpty();
    }

    long inflightBytes() {
        return inflightBytes;
    }

    private boolean inflightFull(RaftConfig config) {
        return inflight.size() >= config.maxInflightAppends() || inflightBytes >= config.maxInflightBytes();
    }

    /** Whether the leader may send an append now. */
    boolean paused(RaftConfig config) {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflightFull(config);
            case SNAPSHOT -> true;
        };
    }

    private void clearInflight() {
        inflight.clear();
        inflightBytes = 0;
    }

    PeerProgress toPeerProgress(boolean voter) {
        return new PeerProgress(id, voter, match, next, state == State.SNAPSHOT);
    }
}
