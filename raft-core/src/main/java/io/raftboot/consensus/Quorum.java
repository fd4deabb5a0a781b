package io.raftboot.consensus;

import java.util.Arrays;

/** Majority arithmetic over the voters of a configuration. */
final class Quorum {
    private Quorum() {
    }

    static int of(int voters) {
        return voters / 2 + 1;
    }

    /**
     * The highest value that a majority has reached, given one value per voter (match indexes,
     * acknowledged rounds); 0 with no voters. Sorts {@code perVoter} in place.
     */
    static long agreed(long[] perVoter) {
        if (perVoter.length == 0) {
            return 0;
        }
        Arrays.sort(perVoter);
        return perVoter[perVoter.length - of(perVoter.length)];
    }
}
