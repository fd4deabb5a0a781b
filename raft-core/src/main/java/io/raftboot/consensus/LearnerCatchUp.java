package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Learners the leader promotes itself: a learner qualifies once a catch-up round (to the leader's
 * last index at the round's start) finishes within one election timeout; a round that runs out
 * starts over from the leader's then-last index.
 */
final class LearnerCatchUp {
    /** Returned by a match lookup for a member the leader no longer tracks. */
    static final long UNKNOWN = -1;

    private static final class Round {
        long target;
        long startTick;

        Round(long target, long startTick) {
            this.target = target;
            this.startTick = startTick;
        }
    }

    private final int electionTicks;
    private final Map<String, Round> rounds = new LinkedHashMap<>();

    LearnerCatchUp(int electionTicks) {
        this.electionTicks = electionTicks;
    }

    void start(String learner, long leaderLastIndex, long tick) {
        rounds.put(learner, new Round(leaderLastIndex, tick));
    }

    void clear() {
        rounds.clear();
    }

    /** Keeps only the learners still waiting for promotion. */
    void retain(Predicate<String> stillLearner) {
        rounds.keySet().removeIf(stillLearner.negate());
    }

    boolean isWatching(String learner) {
        return rounds.containsKey(learner);
    }

    boolean isEmpty() {
        return rounds.isEmpty();
    }

    /** Learners whose round finished in time, in the order they were added. */
    List<String> caughtUp(ToLongFunction<String> matchOf, long leaderLastIndex, long tick) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, Round>> it = rounds.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Round> e = it.next();
            long match = matchOf.applyAsLong(e.getKey());
            if (match == UNKNOWN) {
                it.remove();
                continue;
            }
            Round round = e.getValue();
            boolean inTime = tick - round.startTick <= electionTicks;
            if (match >= round.target && inTime) {
                out.add(e.getKey());
            } else if (!inTime) {
                round.target = leaderLastIndex;
                round.startTick = tick;
            }
        }
        return out;
    }

    void promoted(String learner) {
        rounds.remove(learner);
    }

    /** Caught up, but the promotion must wait (another change pending): keep it qualified. */
    void deferred(String learner, long match, long tick) {
        Round round = rounds.get(learner);
        if (round != null) {
            round.startTick = tick;
            round.target = Math.min(round.target, match);
        }
    }
}
