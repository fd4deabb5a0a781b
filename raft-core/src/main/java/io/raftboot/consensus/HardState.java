package io.raftboot.consensus;

/**
 * What must survive a restart before any message that depends on it leaves: the current term and
 * the vote cast in it (null when none). {@code commitHint} is persisted lazily and only speeds up
 * a restart; the committed set never shrinks regardless, and a hint the durable log does not back
 * is ignored (see {@link CommitHint}).
 */
public record HardState(long term, String votedFor, CommitHint commitHint) {
    public static final HardState INITIAL = new HardState(0, null);

    public HardState {
        java.util.Objects.requireNonNull(commitHint, "commitHint");
    }

    /** Term and vote without a commit hint. */
    public HardState(long term, String votedFor) {
        this(term, votedFor, CommitHint.NONE);
    }
}
