package io.raftboot.sample.keyspace;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A Redis set. Members are {@link Key}s kept in the order of their fixed 63-bit hash, so SMEMBERS and
 * SSCAN report an order that depends only on the contents (the same on every member and after a
 * restore), and a random member is found in O(log n) by looking up a random position (see
 * {@link #random}).
 */
public final class SetValue extends CollectionValue {

    private final TreeSet<Key> members;

    public SetValue() {
        this(new TreeSet<>());
    }

    private SetValue(TreeSet<Key> members) {
        this.members = members;
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public SimpleReply type() {
        return SimpleReply.SET;
    }

    @Override
    SetValue copy() {
        return new SetValue(new TreeSet<>(members));
    }

    public boolean add(byte[] member) {
        return members.add(Key.of(member));
    }

    boolean add(Key member) {
        return members.add(member);
    }

    public boolean remove(byte[] member) {
        return members.remove(Key.of(member));
    }

    boolean remove(Key member) {
        return members.remove(member);
    }

    public boolean contains(byte[] member) {
        return members.contains(Key.of(member));
    }

    boolean contains(Key member) {
        return members.contains(member);
    }

    /** Members in hash order; read-only. */
    public NavigableSet<Key> members() {
        return Collections.unmodifiableNavigableSet(members);
    }

    /**
     * A member chosen by {@code random}: the first at or after a random position, wrapping around.
     * Like Redis' own choice it is not exactly uniform (a member after a wide gap of positions is more
     * likely), but it is O(log n) and, with a seeded generator, the same on every member.
     */
    Key random(SeededRandom random) {
        Key found = members.ceiling(Key.lowestAt(random.nextLong() >>> 1));
        return found != null ? found : members.first();
    }
}
