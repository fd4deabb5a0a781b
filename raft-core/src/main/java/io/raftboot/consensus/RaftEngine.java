package io.raftboot.consensus;

/**
 * One member's Raft, as a deterministic state machine: no threads, clocks, sockets or files. Time
 * arrives as {@link #tick()}, randomness from the generator it was created with. Every method is
 * called from one thread; after any call the runtime drains {@link #ready()} and executes it as
 * {@link Ready} describes.
 *
 * <p>Fatal conditions (a request to truncate at or below the commit index, an entry missing that
 * must exist) throw {@link RaftFatalException}: the runtime stops the member.
 */
public interface RaftEngine {
    /**
     * Opens an engine over the durable state. The configuration is the newest CONFIGURATION entry
     * in the log after the snapshot, else the snapshot's (a bootstrap configuration is a snapshot
     * at index 0, term 0). Committed entries are handed out again from the snapshot index + 1.
     *
     * @param hardState the persisted term and vote, or null for a fresh member
     * @throws RaftFatalException when the log does not follow its snapshot without a gap
     */
    static RaftEngine open(RaftConfig config, LogView log, HardState hardState,
                           java.util.random.RandomGenerator random) {
        return new Raft(config, log, hardState, random);
    }

    /**
     * The commit index {@link #open} starts from, known without opening (which reads the whole log
     * after the snapshot): the runtime may start replaying the committed entries while it opens.
     */
    static long commitIndexOnOpen(LogView log, HardState hardState) {
        return RaftLog.commitIndexOnOpen(log, (hardState == null ? HardState.INITIAL : hardState).commitHint());
    }

    /** Advances logical time by one tick: elections, heartbeats, check-quorum, transfer timeout. */
    void tick();

    /** Handles a message from another member. */
    void step(Message message);

    /** Appends commands (one entry each) on a leader. */
    ProposalResult propose(java.util.List<byte[]> commands);

    /**
     * Asks for a linearizable read point. Accepted on a leader: released later in
     * {@link Ready#reads()} (after the leader's first commit in its term and a heartbeat round that
     * started after this call) or reported in {@link Ready#abortedReads()}.
     *
     * @return null when accepted, else why not (a follower, or a transfer under way)
     */
    ProposalResult.Rejected readIndex(long requestId);

    /** Proposes a single-server membership change; see {@link ConfigChange}. */
    ProposalResult proposeConfigChange(ConfigChange change);

    /**
     * Promotes the learner {@code learnerId} once it has caught up, as if this leader had added it with
     * promotion. For a learner whose add was committed under an earlier leader: the catch-up rounds
     * are the leader's own and do not survive a change of leader.
     *
     * @return null when the learner is now watched, else why not (a follower, or no such learner)
     */
    ProposalResult.Rejected promoteWhenCaughtUp(String learnerId);

    /**
     * Starts a leadership transfer to {@code targetId}, or to the most caught-up voter when null.
     * Proposals are refused while it runs; it is aborted after an election timeout.
     *
     * @return null when started, else why not
     */
    ProposalResult.Rejected transferLeadership(String targetId);

    /**
     * The runtime applies the committed entries up to {@code index} itself, read straight from its
     * durable log (a replay at start-up, overlapped with the rest of the start): they are not handed
     * out again in {@link Ready#committed()}. Called before the first {@link #ready()}.
     *
     * @throws IllegalArgumentException when {@code index} is beyond the commit index
     */
    void skipCommitted(long index);

    /** Entries up to {@code index} (whose term is {@code term}) are durable in the local log. */
    void persisted(long index, long term);

    /**
     * The log was compacted behind a snapshot the runtime took; consensus sends it to followers whose
     * next entry is gone.
     */
    void compacted(SnapshotMeta snapshot);

    /** The snapshot sent to {@code peerId} failed to transfer; retry after a while. */
    void snapshotFailed(String peerId);

    /** Output accumulated since the last call, and clears it. */
    Ready ready();

    RaftStatus status();
}
