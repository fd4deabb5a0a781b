package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;

/**
 * The replicated state of one simulated member for one process lifetime: what committed entries
 * are applied to and released reads are served from. {@link KvStore} is the simulator's own; the
 * test kit plugs in a user's state machine through {@link SimApplication}.
 */
public interface SimStateMachine {

    long appliedIndex();

    long appliedTerm();

    /**
     * Applies the next committed entry (any type; entries come in order, once) and returns the reply
     * for the client that proposed it.
     *
     * @param local true on the member whose client proposed this very entry
     */
    Object apply(Entry entry, boolean local);

    /** Serves a read that the consensus check released; {@code localMillis} is the member's own clock. */
    Object read(History.Op op, long localMillis);

    /** The state now, with the applied index, term and configuration as its metadata. */
    SnapshotData snapshot();
}
