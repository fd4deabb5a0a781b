package io.raftboot.sample.keyspace;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Redis sorted set: members ordered by score, then by their bytes (Redis' rule for equal scores), and
 * a member-to-score map for O(log n) lookups. The map is keyed by {@link Key}, so ZSCAN walks members in
 * hash order with a stable cursor, like SSCAN. Ranks are counted by walking the ordered set (O(rank)):
 * simple, and what a sample needs; a skip list with spans would make them O(log n).
 */
public final class ZSetValue extends CollectionValue {

    /** One member and its score, as the score order holds them. */
    public record Entry(double score, Key member) {
    }

    /** Scores compare as C doubles do (so -0 equals 0), then members byte by byte, unsigned. */
    static final Comparator<Entry> ORDER = (a, b) -> {
        if (a.score < b.score) {
            return -1;
        }
        if (a.score > b.score) {
            return 1;
        }
        return Arrays.compareUnsigned(a.member.bytes(), b.member.bytes());
    };

    private final TreeMap<Key, Double> scores;
    private final TreeSet<Entry> ordered;

    public ZSetValue() {
        this(new TreeMap<>(), new TreeSet<>(ORDER));
    }

    private ZSetValue(TreeMap<Key, Double> scores, TreeSet<Entry> ordered) {
        this.scores = scores;
        this.ordered = ordered;
    }

    @Override
    public int size() {
        return scores.size();
    }

    @Override
    public SimpleReply type() {
        return SimpleReply.ZSET;
    }

    @Override
    ZSetValue copy() {
        return new ZSetValue(new TreeMap<>(scores), new TreeSet<>(ordered));
    }

    /** The member's score, or null. */
    public Double score(Key member) {
        return scores.get(member);
    }

    /** Adds the member or moves it to {@code score}. */
    public void put(Key member, double score) {
        Double old = scores.put(member, score);
        if (old != null) {
            ordered.remove(new Entry(old, member));
        }
        ordered.add(new Entry(score, member));
    }

    public boolean remove(Key member) {
        Double old = scores.remove(member);
        if (old == null) {
            return false;
        }
        ordered.remove(new Entry(old, member));
        return true;
    }

    /** Entries from the lowest score; read-only. */
    public NavigableSet<Entry> ordered() {
        return Collections.unmodifiableNavigableSet(ordered);
    }

    /** Members to scores in hash order; read-only. */
    public NavigableMap<Key, Double> byMember() {
        return Collections.unmodifiableNavigableMap(scores);
    }

    /** The 0-based rank from the lowest score, or -1 if absent. O(rank). */
    public long rank(Key member) {
        Double score = scores.get(member);
        return score == null ? -1 : ordered.headSet(new Entry(score, member), false).size();
    }
}
