package io.raftboot.consensus.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what a run exercised (elections, crashes, installs, lease reads...), so that a passing run
 * can be told apart from one where nothing happened.
 */
final class SimStats {
    private final TreeMap<String, Long> counts = new TreeMap<>();

    void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    long get(String what) {
        return counts.getOrDefault(what, 0L);
    }

    void addAll(SimStats other) {
        other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
    }

    Map<String, Long> asMap() {
        return counts;
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
