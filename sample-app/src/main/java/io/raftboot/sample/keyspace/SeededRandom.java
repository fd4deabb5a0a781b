package io.raftboot.sample.keyspace;

/**
 * SplitMix64, written out here so that the sequence drawn from a seed is fixed by this code alone,
 * not by a JDK's implementation: members of one cluster may run different JVMs, and SPOP must remove
 * the same members on all of them. (java.util.Random is specified, but its first draws from nearby
 * seeds are nearly equal, so consecutive log entries would keep choosing the same member.)
 */
final class SeededRandom {

    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), by rejection so no value is favoured. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }
}
