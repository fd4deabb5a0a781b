package io.raftboot.sample.keyspace;

import io.raftboot.api.NullArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP (with count), LLEN, LRANGE, LINDEX, LSET, LREM, LTRIM, LMOVE,
 * RPOPLPUSH. Blocking pops are refused by the state machine: a command that waits for another client's
 * write cannot be one log entry. Writes take the entry's leader time {@code now}; reads the read time.
 */
public final class ListCommands {

    private final Keyspace keyspace;

    public ListCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    private ListValue read(long now, byte[] key) {
        return keyspace.read(Key.of(key), now, ListValue.class);
    }

    /** LPUSH: the new length; elements go in one by one, so the last named ends up first. */
    public long lpush(long now, byte[] key, byte[]... elements) {
        return push(now, key, true, false, elements);
    }

    public long rpush(long now, byte[] key, byte[]... elements) {
        return push(now, key, false, false, elements);
    }

    /** LPUSHX: like LPUSH, but only onto an existing list (0 otherwise). */
    public long lpushx(long now, byte[] key, byte[]... elements) {
        return push(now, key, true, true, elements);
    }

    public long rpushx(long now, byte[] key, byte[]... elements) {
        return push(now, key, false, true, elements);
    }

    private long push(long now, byte[] key, boolean left, boolean onlyExisting, byte[]... elements) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        ListValue list = onlyExisting
                ? keyspace.writable(k, now, ListValue.class)
                : keyspace.writableOrCreate(k, now, ListValue.class, ListValue::new);
        if (list == null) {
            return 0;
        }
        for (byte[] element : elements) {
            if (left) {
                list.addFirst(element);
            } else {
                list.addLast(element);
            }
        }
        return list.size();
    }

    /** LPOP key [count]: an element (or nil) without count; with count, a list of up to count (a null array if no key). */
    public Object lpop(long now, byte[] key, byte[]... count) {
        return pop("lpop", now, key, true, count);
    }

    public Object rpop(long now, byte[] key, byte[]... count) {
        return pop("rpop", now, key, false, count);
    }

    private Object pop(String command, long now, byte[] key, boolean left, byte[]... countArg) {
        if (countArg.length > 1) {
            throw Errors.wrongArity(command);
        }
        long count = -1;
        if (countArg.length == 1) {
            count = Args.parseLong(countArg[0]);
            if (count < 0) {
                throw new CommandError(Errors.MUST_BE_POSITIVE);
            }
        }
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        if (read(now, key) == null) {
            return count < 0 ? null : NullArray.INSTANCE;
        }
        if (count == 0) {
            return List.of();
        }
        ListValue list = keyspace.writable(k, now, ListValue.class);
        if (count < 0) {
            byte[] element = left ? list.removeFirst() : list.removeLast();
            keyspace.removeIfEmpty(k, list, now);
            return element;
        }
        int n = (int) Math.min(count, list.size());
        List<byte[]> popped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            popped.add(left ? list.removeFirst() : list.removeLast());
        }
        keyspace.removeIfEmpty(k, list, now);
        return popped;
    }

    public long llen(long now, byte[] key) {
        ListValue list = read(now, key);
        return list == null ? 0 : list.size();
    }

    /** LRANGE key start stop, with Redis' clamping of negative and out-of-range indexes. */
    public List<byte[]> lrange(long now, byte[] key, byte[] startArg, byte[] stopArg) {
        long start = Args.parseLong(startArg);
        long stop = Args.parseLong(stopArg);
        ListValue list = read(now, key);
        if (list == null) {
            return List.of();
        }
        long[] range = clamp(start, stop, list.size());
        if (range == null) {
            return List.of();
        }
        List<byte[]> reply = new ArrayList<>((int) (range[1] - range[0] + 1));
        for (long i = range[0]; i <= range[1]; i++) {
            reply.add(list.get((int) i));
        }
        return reply;
    }

    /** [start, stop] within a list of {@code size} as LRANGE and LTRIM see it, or null when empty. */
    private static long[] clamp(long start, long stop, int size) {
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start > stop || start >= size) {
            return null;
        }
        return new long[] {start, Math.min(stop, size - 1)};
    }

    /** Redis looks the key up before parsing the index: a missing key is nil whatever the index. */
    public byte[] lindex(long now, byte[] key, byte[] indexArg) {
        ListValue list = read(now, key);
        if (list == null) {
            return null;
        }
        long index = Args.parseLong(indexArg);
        long i = index < 0 ? list.size() + index : index;
        return i < 0 || i >= list.size() ? null : list.get((int) i);
    }

    /** Redis looks the key up (no such key, WRONGTYPE) before parsing the index. */
    public SimpleReply lset(long now, byte[] key, byte[] indexArg, byte[] element) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        ListValue existing = keyspace.read(k, now, ListValue.class);
        if (existing == null) {
            throw new CommandError("ERR no such key");
        }
        long index = Args.parseLong(indexArg);
        long i = index < 0 ? existing.size() + index : index;
        if (i < 0 || i >= existing.size()) {
            throw new CommandError("ERR index out of range");
        }
        keyspace.writable(k, now, ListValue.class).set((int) i, element);
        return SimpleReply.OK;
    }

    /** LREM key count element: count &gt; 0 from the head, &lt; 0 from the tail, 0 all; how many went. */
    public long lrem(long now, byte[] key, byte[] countArg, byte[] element) {
        long count = Args.parseLong(countArg);
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        ListValue existing = keyspace.read(k, now, ListValue.class);
        if (existing == null) {
            return 0;
        }
        ListValue list = keyspace.writable(k, now, ListValue.class);
        long limit = count == 0 ? Long.MAX_VALUE : count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        long removed = list.removeMatching(e -> Arrays.equals(e, element), limit, count < 0);
        keyspace.removeIfEmpty(k, list, now);
        return removed;
    }

    /** LTRIM key start stop: keeps only that range; an empty range deletes the key. */
    public SimpleReply ltrim(long now, byte[] key, byte[] startArg, byte[] stopArg) {
        long start = Args.parseLong(startArg);
        long stop = Args.parseLong(stopArg);
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        ListValue existing = keyspace.read(k, now, ListValue.class);
        if (existing == null) {
            return SimpleReply.OK;
        }
        long[] range = clamp(start, stop, existing.size());
        if (range == null) {
            keyspace.remove(k, now);
            return SimpleReply.OK;
        }
        long dropTail = existing.size() - 1 - range[1];
        if (range[0] == 0 && dropTail == 0) {
            return SimpleReply.OK;
        }
        ListValue list = keyspace.writable(k, now, ListValue.class);
        for (long i = 0; i < range[0]; i++) {
            list.removeFirst();
        }
        for (long i = 0; i < dropTail; i++) {
            list.removeLast();
        }
        return SimpleReply.OK;
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the element moved, or nil if the source is empty. */
    public byte[] lmove(long now, byte[] source, byte[] destination, byte[] from, byte[] to) {
        boolean fromLeft = parseSide(from);
        boolean toLeft = parseSide(to);
        return move(now, source, destination, fromLeft, toLeft);
    }

    /** RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT. */
    public byte[] rpoplpush(long now, byte[] source, byte[] destination) {
        return move(now, source, destination, false, true);
    }

    private static boolean parseSide(byte[] side) {
        if (Args.is(side, "LEFT")) {
            return true;
        }
        if (Args.is(side, "RIGHT")) {
            return false;
        }
        throw Errors.syntax();
    }

    /**
     * Redis' order of checks: the source's type, then (only if the source has an element) the
     * destination's, before anything changes; source and destination may be the same list (a rotation).
     */
    private byte[] move(long now, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
        keyspace.advanceClock(now);
        Key src = Key.of(source);
        Key dst = Key.of(destination);
        if (keyspace.read(src, now, ListValue.class) == null) {
            return null;
        }
        keyspace.read(dst, now, ListValue.class);
        ListValue from = keyspace.writable(src, now, ListValue.class);
        byte[] element = fromLeft ? from.removeFirst() : from.removeLast();
        keyspace.removeIfEmpty(src, from, now);
        ListValue to = keyspace.writableOrCreate(dst, now, ListValue.class, ListValue::new);
        if (toLeft) {
            to.addFirst(element);
        } else {
            to.addLast(element);
        }
        return element;
    }
}
