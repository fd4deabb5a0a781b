package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a simulated cluster replicates and how its clients use it, for one run: the members' state
 * machines, the operations clients draw, how an operation travels (logged write or read), and the
 * check of the finished history. The default, {@link KvApplication}, is the simulator's key-value
 * counters; the test kit's simulator mode runs a user's state machine through this seam.
 */
public interface SimApplication {

    /** Member {@code member}'s state machine at process start, from its newest snapshot (content null: empty). */
    SimStateMachine start(String member, SnapshotData snapshot);

    /** A running member's state replaced by a snapshot from the leader. */
    SimStateMachine install(SimStateMachine current, SnapshotData snapshot);

    /**
     * Records the next operation of client {@code client} in {@code history} and returns it; every
     * choice comes from {@code random}, so a seed replays it.
     *
     * @param sequence this operation's number among the client's, from 1
     */
    History.Op nextOp(History history, int client, long sequence, SplittableRandom random, long now);

    /** A read is served locally after the consensus check; everything else is proposed. */
    boolean isRead(History.Op op);

    /** The log payload of a write (or of the simulator's liveness probe, {@link OpKind#PROBE}). */
    byte[] encode(History.Op op, long leaderMillis);

    /** The id of the operation a committed command entry carries. */
    long opId(Entry entry);

    /** Null when the finished history is correct; otherwise why not, for the failure report. */
    String checkHistory(List<History.Op> ops);
}
