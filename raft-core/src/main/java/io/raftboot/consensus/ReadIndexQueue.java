package io.raftboot.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Linearizable reads waiting on a leader. A read is admitted (its read index recorded) once an
 * entry of the leader's term has committed, and released once a heartbeat round sent after it
 * arrived was acknowledged by a voter quorum.
 */
final class ReadIndexQueue {
    private static final long NOT_ADMITTED = -1;

    private static final class Pending {
        final long requestId;
        /** The newest round already sent when the read arrived: only later rounds confirm it. */
        final long arrivalRound;
        long index = NOT_ADMITTED;

        Pending(long requestId, long arrivalRound) {
            this.requestId = requestId;
            this.arrivalRound = arrivalRound;
        }
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    void add(long requestId, long newestSentRound) {
        pending.addLast(new Pending(requestId, newestSentRound));
    }

    /** Records the read index of every read not admitted yet. */
    void admit(long commitIndex) {
        for (Pending p : pending) {
            if (p.index == NOT_ADMITTED) {
                p.index = commitIndex;
            }
        }
    }

    /** Releases, in arrival order, the admitted reads that {@code quorumRound} confirms. */
    List<ReadState> release(long quorumRound) {
        List<ReadState> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Pending head = pending.peekFirst();
            if (head.index == NOT_ADMITTED || head.arrivalRound >= quorumRound) {
                break;
            }
            pending.pollFirst();
            out.add(new ReadState(head.requestId, head.index));
        }
        return out;
    }

    /** True when some read still needs a round newer than {@code newestSentRound}. */
    boolean waitingForNewRound(long newestSentRound) {
        return !pending.isEmpty() && pending.peekLast().arrivalRound >= newestSentRound;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    List<Long> abortAll() {
        List<Long> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(p.requestId);
        }
        pending.clear();
        return out;
    }
}
