package io.raftboot.consensus;

/**
 * What must survive a restart before any message that depends on it leaves: the current term and
 * the vote cast in it (null when none). {@code commitHint} is persisted lazily and only speeds up
 * a restart; the committed set never shrinks regardless.
 */
public record HardState(long term, String votedFor, long commitHint) {
    public static final HardState INITIAL = new HardState(0, null, 0);

    /** True when term or vote differ, which is what must be made durable before sending. */
    public boolean termOrVoteDiffers(HardState other) {
        return other == null || term != other.term || !java.util.Objects.equals(votedFor, other.votedFor);
    }
}
