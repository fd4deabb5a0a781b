package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Raft safety properties, checked incrementally as the simulation runs: each event reports what
 * it changed and the affected property is checked at once.
 */
final class Invariants {

    private record IndexTerm(long index, long term) {
    }

    /** An entry seen in some log, with the term of the entry before it in that log. */
    private record Seen(Entry entry, long prevTerm, String where) {
    }

    private final TreeMap<Long, String> leaderByTerm = new TreeMap<>();
    private final Map<IndexTerm, Seen> seen = new HashMap<>();
    /** committed.get(i) is the entry applied at index i by someone (null: nobody applied it yet). */
    private final ArrayList<Entry> committed = new ArrayList<>();
    /**
     * The lowest term any applier was in when it applied index i: the entry was committed in that
     * term or earlier, so every leader of a later term must hold it.
     */
    private final ArrayList<Long> committedBy = new ArrayList<>();
    /** countedTerm.get(i): the term of the entry some member first counted as committed at index i (0: none yet). */
    private final ArrayList<Long> countedTerm = new ArrayList<>();
    private final Map<Long, String> countedBy = new HashMap<>();
    /** Per member: indexes up to here were checked against {@link #countedTerm} in this process lifetime. */
    private final Map<String, Long> checkedThrough = new HashMap<>();

    /** At most one leader per term. */
    void onLeader(String node, long term, ShadowLog log) {
        String previous = leaderByTerm.putIfAbsent(term, node);
        if (previous != null && !previous.equals(node)) {
            throw new SimulationFailure.Violation("election-safety",
                    "two leaders in term " + term + ": " + previous + " and " + node);
        }
        checkLeaderCompleteness(node, term, log);
    }

    /** A new leader's log holds every entry committed before it was elected. */
    private void checkLeaderCompleteness(String node, long term, ShadowLog log) {
        for (int i = 1; i < committed.size(); i++) {
            Entry entry = committed.get(i);
            if (entry == null || i <= log.snapshotIndex() || committedBy.get(i) >= term) {
                continue;
            }
            long held = log.term(i);
            if (held != entry.term()) {
                throw new SimulationFailure.Violation("leader-completeness",
                        "leader " + node + " of term " + term + " holds term " + held + " at committed index " + i
                                + ", committed " + entry);
            }
        }
    }

    /**
     * Log matching: the same (index, term) always names the same entry with the same predecessor
     * term, which by induction makes the logs equal up to there.
     */
    void onAppend(String node, List<Entry> entries, ShadowLog logBefore, long localCommit) {
        long prevTerm = entries.isEmpty() ? 0 : logBefore.term(entries.get(0).index() - 1);
        for (Entry entry : entries) {
            Seen record = new Seen(entry, prevTerm, node);
            Seen earlier = seen.putIfAbsent(new IndexTerm(entry.index(), entry.term()), record);
            if (earlier != null) {
                if (!earlier.entry().equals(entry)) {
                    throw new SimulationFailure.Violation("log-matching", node + " holds " + entry
                            + " differing from the entry with that index and term on " + earlier.where());
                }
                if (prevTerm >= 0 && earlier.prevTerm() >= 0 && earlier.prevTerm() != prevTerm) {
                    throw new SimulationFailure.Violation("log-matching", node + " holds " + entry
                            + " after term " + prevTerm + ", " + earlier.where() + " after term " + earlier.prevTerm());
                }
            }
            // A stale leader may legally write over indexes committed elsewhere; a node may never
            // rewrite an index it itself knows to be committed.
            Entry done = entry.index() <= localCommit ? committedAt(entry.index()) : null;
            if (done != null && !done.equals(entry)) {
                throw new SimulationFailure.Violation("committed-entry-overwritten", node + " (commit " + localCommit
                        + ") writes " + entry + " over committed " + done);
            }
            prevTerm = entry.term();
        }
    }

    /** State machine safety: nobody applies a different entry at an index someone applied. */
    void onApply(String node, Entry entry, long nodeTerm) {
        int index = Math.toIntExact(entry.index());
        while (committed.size() <= index) {
            committed.add(null);
            committedBy.add(Long.MAX_VALUE);
        }
        committedBy.set(index, Math.min(committedBy.get(index), nodeTerm));
        Entry earlier = committed.get(index);
        if (earlier == null) {
            committed.set(index, entry);
        } else if (!earlier.equals(entry)) {
            throw new SimulationFailure.Violation("state-machine-safety", node + " applies " + entry
                    + " where " + earlier + " was applied before");
        }
    }

    /** A member (re)started, or installed a snapshot: its commit index starts again from there. */
    void onStart(String node, long snapshotIndex) {
        checkedThrough.put(node, snapshotIndex);
    }

    /**
     * Commit agreement, at every step rather than at apply: every index up to a member's commit index
     * holds, in that member's log, the entry every other member counted as committed there. This
     * catches a member that believes uncommitted entries committed (a commit hint trusted beyond its
     * durable log) the moment it does, whether or not it gets to apply them.
     */
    void onCommitIndex(String node, long commitIndex, ShadowLog log) {
        long from = checkedThrough.getOrDefault(node, 0L) + 1;
        if (commitIndex > log.lastIndex()) {
            throw new SimulationFailure.Violation("commit-beyond-log", node + " has commit index " + commitIndex
                    + " but its log ends at " + log.lastIndex());
        }
        for (long i = from; i <= commitIndex; i++) {
            long term = log.term(i);
            if (term <= 0) {
                throw new SimulationFailure.Violation("commit-agreement", node + " counts index " + i
                        + " as committed without holding its entry");
            }
            counted(node, i, term);
        }
        checkedThrough.put(node, Math.max(commitIndex, from - 1));
    }

    private void counted(String node, long index, long term) {
        int i = Math.toIntExact(index);
        while (countedTerm.size() <= i) {
            countedTerm.add(0L);
        }
        long earlier = countedTerm.get(i);
        if (earlier == 0) {
            countedTerm.set(i, term);
            countedBy.put(index, node);
        } else if (earlier != term) {
            throw new SimulationFailure.Violation("commit-agreement", node + " counts " + index + "@" + term
                    + " as committed where " + countedBy.get(index) + " counted " + index + "@" + earlier);
        }
    }

    /** A snapshot describes committed state: its last entry is the committed one at that index. */
    void onSnapshot(String node, io.raftboot.consensus.SnapshotMeta meta) {
        if (meta.index() > 0) {
            counted(node, meta.index(), meta.term());
        }
        Entry done = committedAt(meta.index());
        if (done != null && done.term() != meta.term()) {
            throw new SimulationFailure.Violation("snapshot-consistency", node + " installs snapshot " + meta.index()
                    + "@" + meta.term() + " but " + done + " was committed there");
        }
    }

    Entry committedAt(long index) {
        return index < committed.size() ? committed.get((int) index) : null;
    }

    long highestApplied() {
        return committed.size() - 1L;
    }
}
