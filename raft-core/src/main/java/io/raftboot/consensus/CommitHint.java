package io.raftboot.consensus;

/**
 * A commit index recorded lazily for a fast restart, with the term of the entry at that index. The
 * term is what makes the hint checkable: a restart trusts the hint only where the durable log (or
 * snapshot) holds that very entry, because then, by log matching, it holds every committed entry up
 * to it. An index alone says nothing about which entry sat there when it was committed: the durable
 * log may still hold an older, never committed entry at that index (a truncation or a snapshot
 * install that did not reach the disk before a crash).
 */
public record CommitHint(long index, long term) {
    /** No hint, or one saved before hints carried a term: trusted no further than the snapshot. */
    public static final CommitHint NONE = new CommitHint(0, 0);

    public CommitHint {
        if (index < 0 || term < 0) {
            throw new IllegalArgumentException("commit hint " + index + "@" + term);
        }
        if (index > 0 && term == 0) {
            throw new IllegalArgumentException("commit hint at index " + index + " without a term");
        }
    }

    /** {@code index@term}, the notation of entries in logs and traces. */
    @Override
    public String toString() {
        return index == 0 ? "none" : index + "@" + term;
    }

    /** The later of two hints; hints only ever move forward. */
    public CommitHint max(CommitHint other) {
        return other.index > index ? other : this;
    }
}
