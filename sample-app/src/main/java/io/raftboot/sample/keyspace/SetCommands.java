package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * SADD, SREM, SISMEMBER, SMISMEMBER, SMEMBERS, SCARD, SPOP, SRANDMEMBER, SINTER, SUNION, SDIFF, their
 * STORE forms, SSCAN. Members are reported in the set's fixed order (see {@link SetValue}).
 *
 * <p>Random choices take a seed from the caller: a write's is the entry's seed, the same on every
 * member, so SPOP removes the same members everywhere; a read's comes from its context, so SRANDMEMBER
 * is a deterministic function of the state it reads. {@link SeededRandom} fixes the sequence a seed
 * draws, whatever the JVM.
 */
public final class SetCommands {

    /** The most elements SRANDMEMBER with a negative count may repeat: the reply is built in memory. */
    static final long MAX_RANDOM_REPLY = 1 << 24;

    private final Keyspace keyspace;

    public SetCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    private SetValue read(long now, byte[] key) {
        return keyspace.read(Key.of(key), now, SetValue.class);
    }

    public long sadd(long now, byte[] key, byte[]... members) {
        keyspace.advanceClock(now);
        SetValue set = keyspace.writableOrCreate(Key.of(key), now, SetValue.class, SetValue::new);
        long added = 0;
        for (byte[] member : members) {
            if (set.add(member)) {
                added++;
            }
        }
        return added;
    }

    public long srem(long now, byte[] key, byte[]... members) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        if (keyspace.read(k, now, SetValue.class) == null) {
            return 0;
        }
        SetValue set = keyspace.writable(k, now, SetValue.class);
        long removed = 0;
        for (byte[] member : members) {
            if (set.remove(member)) {
                removed++;
            }
        }
        keyspace.removeIfEmpty(k, set, now);
        return removed;
    }

    public long sismember(long now, byte[] key, byte[] member) {
        SetValue set = read(now, key);
        return set != null && set.contains(member) ? 1 : 0;
    }

    public List<Long> smismember(long now, byte[] key, byte[]... members) {
        SetValue set = read(now, key);
        List<Long> reply = new ArrayList<>(members.length);
        for (byte[] member : members) {
            reply.add(set != null && set.contains(member) ? 1L : 0L);
        }
        return reply;
    }

    public List<byte[]> smembers(long now, byte[] key) {
        SetValue set = read(now, key);
        return set == null ? List.of() : set.members().stream().map(Key::bytes).toList();
    }

    public long scard(long now, byte[] key) {
        SetValue set = read(now, key);
        return set == null ? 0 : set.size();
    }

    /** SPOP key [count]: one member (or nil), or a list of up to count distinct members. */
    public Object spop(long now, long seed, byte[] key, byte[]... countArg) {
        long count = parseCount(countArg);
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        SetValue existing = keyspace.read(k, now, SetValue.class);
        if (existing == null) {
            return countArg.length == 0 ? null : List.of();
        }
        if (countArg.length == 1 && count == 0) {
            return List.of();
        }
        SetValue set = keyspace.writable(k, now, SetValue.class);
        List<Key> chosen = countArg.length == 0
                ? List.of(set.random(new SeededRandom(seed)))
                : distinct(set, count, new SeededRandom(seed));
        for (Key member : chosen) {
            set.remove(member);
        }
        keyspace.removeIfEmpty(k, set, now);
        List<byte[]> members = chosen.stream().map(Key::bytes).toList();
        return countArg.length == 0 ? members.get(0) : members;
    }

    /**
     * SRANDMEMBER key [count]: one member (or nil); with a positive count up to count distinct members,
     * with a negative one exactly -count members that may repeat.
     */
    public Object srandmember(long now, long seed, byte[] key, byte[]... countArg) {
        if (countArg.length > 1) {
            throw Errors.syntax();
        }
        long count = 1;
        if (countArg.length == 1) {
            count = Args.parseLong(countArg[0]);
            if (count == Long.MIN_VALUE) {
                throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and "
                        + "9223372036854775807");
            }
        }
        SetValue set = read(now, key);
        if (set == null) {
            return countArg.length == 0 ? null : List.of();
        }
        SeededRandom random = new SeededRandom(seed);
        if (countArg.length == 0) {
            return set.random(random).bytes();
        }
        List<byte[]> reply = new ArrayList<>();
        if (count < 0) {
            if (-count > MAX_RANDOM_REPLY) {
                throw new CommandError("ERR count is out of range: at most " + MAX_RANDOM_REPLY
                        + " repeated members per call here");
            }
            for (long i = 0; i < -count; i++) {
                reply.add(set.random(random).bytes());
            }
            return reply;
        }
        for (Key member : distinct(set, count, random)) {
            reply.add(member.bytes());
        }
        return reply;
    }

    private static long parseCount(byte[]... countArg) {
        if (countArg.length > 1) {
            throw Errors.syntax();
        }
        if (countArg.length == 0) {
            return 1;
        }
        long count = Args.parseLong(countArg[0]);
        if (count < 0) {
            throw new CommandError(Errors.MUST_BE_POSITIVE);
        }
        return count;
    }

    /**
     * Up to {@code count} distinct members. Few of many: random lookups, skipping repeats (expected
     * O(count log n)). Many: a partial Fisher-Yates shuffle of all members, which is O(n) but never
     * loops waiting for the last unpicked members.
     */
    private static List<Key> distinct(SetValue set, long count, SeededRandom random) {
        int size = set.size();
        if (count >= size) {
            return new ArrayList<>(set.members());
        }
        int n = (int) count;
        if (n * 4L < size) {
            java.util.LinkedHashSet<Key> picked = new java.util.LinkedHashSet<>();
            while (picked.size() < n) {
                picked.add(set.random(random));
            }
            return new ArrayList<>(picked);
        }
        List<Key> all = new ArrayList<>(set.members());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            Key swap = all.get(i);
            all.set(i, all.get(j));
            all.set(j, swap);
        }
        return all.subList(0, n);
    }

    public List<byte[]> sinter(long now, byte[]... keys) {
        return members(intersection(now, keys));
    }

    public List<byte[]> sunion(long now, byte[]... keys) {
        return members(union(now, keys));
    }

    public List<byte[]> sdiff(long now, byte[]... keys) {
        return members(difference(now, keys));
    }

    public long sinterstore(long now, byte[] destination, byte[]... keys) {
        keyspace.advanceClock(now);
        return store(now, destination, intersection(now, keys));
    }

    public long sunionstore(long now, byte[] destination, byte[]... keys) {
        keyspace.advanceClock(now);
        return store(now, destination, union(now, keys));
    }

    public long sdiffstore(long now, byte[] destination, byte[]... keys) {
        keyspace.advanceClock(now);
        return store(now, destination, difference(now, keys));
    }

    /** The destination is replaced whatever its type, and deleted when the result is empty. */
    private long store(long now, byte[] destination, SetValue result) {
        keyspace.putCollection(Key.of(destination), result, now);
        return result.size();
    }

    private static List<byte[]> members(SetValue set) {
        return set.members().stream().map(Key::bytes).toList();
    }

    /** Every key is type-checked before any result, as Redis 7 does; a missing key is an empty set. */
    private List<SetValue> sets(long now, byte[]... keys) {
        List<SetValue> sets = new ArrayList<>(keys.length);
        for (byte[] key : keys) {
            sets.add(read(now, key));
        }
        return sets;
    }

    private SetValue intersection(long now, byte[]... keys) {
        List<SetValue> sets = sets(now, keys);
        SetValue result = new SetValue();
        if (sets.contains(null)) {
            return result;
        }
        SetValue smallest = sets.get(0);
        for (SetValue set : sets) {
            if (set.size() < smallest.size()) {
                smallest = set;
            }
        }
        for (Key member : smallest.members()) {
            boolean inAll = true;
            for (SetValue set : sets) {
                if (set != smallest && !set.contains(member)) {
                    inAll = false;
                    break;
                }
            }
            if (inAll) {
                result.add(member);
            }
        }
        return result;
    }

    private SetValue union(long now, byte[]... keys) {
        SetValue result = new SetValue();
        for (SetValue set : sets(now, keys)) {
            if (set != null) {
                for (Key member : set.members()) {
                    result.add(member);
                }
            }
        }
        return result;
    }

    private SetValue difference(long now, byte[]... keys) {
        List<SetValue> sets = sets(now, keys);
        SetValue result = new SetValue();
        if (sets.get(0) == null) {
            return result;
        }
        for (Key member : sets.get(0).members()) {
            boolean elsewhere = false;
            for (int i = 1; i < sets.size() && !elsewhere; i++) {
                elsewhere = sets.get(i) != null && sets.get(i).contains(member);
            }
            if (!elsewhere) {
                result.add(member);
            }
        }
        return result;
    }

    /** SSCAN key cursor [MATCH pattern] [COUNT count]: {@code [cursor, [member, ...]]}. */
    public List<Object> sscan(long now, byte[] key, byte[] cursor, byte[]... options) {
        long position = Args.parseCursor(cursor);
        SetValue set = read(now, key);
        if (set == null) {
            return ElementScan.empty();
        }
        return ElementScan.parse(options).scan(position, set.members(), (member, reply) -> reply.add(member.bytes()));
    }
}
