package io.raftboot.api;

/**
 * Where a command runs. For a write, every member sees the same values: the entry's log index and
 * term, the timestamp the leader stamped on it (wall-clock millis, never below the previous entry's)
 * and a random seed derived from index and term. For a read, {@code index} is the applied index the
 * read observes, {@code term} the current term and {@code timestampMillis} the local clock.
 *
 * @param local true on the member that received the client's request (only there is a reply built)
 */
public record CommandContext(long index, long term, long timestampMillis, long randomSeed, boolean local) {

    /** A seed that is the same on every member for the same entry. */
    public static long seedFor(long index, long term) {
        long z = index * 0x9E3779B97F4A7C15L + term;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
