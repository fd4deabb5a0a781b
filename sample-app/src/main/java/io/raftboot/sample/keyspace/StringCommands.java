package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * GET, SET, SETNX, SETEX, PSETEX, GETDEL, GETSET, GETEX, MGET, MSET, MSETNX, INCR, INCRBY, DECR,
 * DECRBY, APPEND, STRLEN.
 * Writes take the entry's leader time {@code now}; reads take the keyspace's read time.
 */
public final class StringCommands {

    /** Redis' proto-max-bulk-len default: no string may grow beyond it. */
    static final long MAX_STRING_LENGTH = 512L * 1024 * 1024;

    private final Keyspace keyspace;

    public StringCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    public byte[] get(long now, byte[] key) {
        StoredValue value = keyspace.getString(Key.of(key), now);
        return value == null ? null : value.bytes();
    }

    /**
     * SET: {@link SimpleReply#OK} when stored, null when NX/XX prevented it; with GET, the old value
     * (or null) either way.
     */
    public Object set(long now, byte[] key, byte[] value, byte[]... options) {
        keyspace.advanceClock(now);
        SetOptions o = SetOptions.parse(options);
        return set(now, Key.of(key), value, o);
    }

    private Object set(long now, Key key, byte[] value, SetOptions o) {
        long expireAt = o.expireAt(now);
        // SET replaces a key of any type; only with GET must the old value be a string. A plain SET
        // does not look at the old value: one table lookup (the put) instead of two
        boolean needsOld = o.returnOldValue() || o.onlyIfAbsent() || o.onlyIfPresent() || o.keepTtl();
        StoredValue old = !needsOld ? null : o.returnOldValue() ? keyspace.getString(key, now) : keyspace.get(key, now);
        byte[] oldBytes = old == null || !old.isString() ? null : old.bytes();
        if (o.onlyIfAbsent() && old != null || o.onlyIfPresent() && old == null) {
            return o.returnOldValue() ? oldBytes : null;
        }
        long newExpireAt = o.keepTtl() && old != null ? old.expireAt() : expireAt;
        keyspace.put(key, new StoredValue(value, newExpireAt));
        return o.returnOldValue() ? oldBytes : SimpleReply.OK;
    }

    public long setnx(long now, byte[] key, byte[] value) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        if (keyspace.get(k, now) != null) {
            return 0;
        }
        keyspace.put(k, StoredValue.persistent(value));
        return 1;
    }

    public SimpleReply setex(long now, byte[] key, byte[] seconds, byte[] value) {
        keyspace.advanceClock(now);
        set(now, Key.of(key), value, SetOptions.setex(seconds));
        return SimpleReply.OK;
    }

    public SimpleReply psetex(long now, byte[] key, byte[] millis, byte[] value) {
        keyspace.advanceClock(now);
        set(now, Key.of(key), value, SetOptions.psetex(millis));
        return SimpleReply.OK;
    }

    public byte[] getdel(long now, byte[] key) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        StoredValue old = keyspace.getString(k, now);
        if (old == null) {
            return null;
        }
        keyspace.remove(k, now);
        return old.bytes();
    }

    /** GETSET: SET key value GET, as Redis defines it (the expiry is dropped). */
    public byte[] getset(long now, byte[] key, byte[] value) {
        return (byte[]) set(now, key, value, new byte[][] {{'G', 'E', 'T'}});
    }

    /**
     * GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]: the value, after changing the expiry as asked.
     * An absolute time already past deletes the key (its value is still returned), as in Redis.
     */
    public byte[] getex(long now, byte[] key, byte[]... options) {
        keyspace.advanceClock(now);
        SetOptions o = SetOptions.parseGetEx(options);
        long expireAt = o.expireAt(now);
        Key k = Key.of(key);
        StoredValue value = keyspace.getString(k, now);
        if (value == null) {
            return null;
        }
        if (o.hasExpiry()) {
            if (o.isAbsolute() && expireAt <= now) {
                keyspace.remove(k, now);
            } else {
                keyspace.put(k, value.withExpireAt(expireAt));
            }
        } else if (o.persist() && value.hasExpiry()) {
            keyspace.put(k, value.withExpireAt(StoredValue.NO_EXPIRY));
        }
        return value.bytes();
    }

    /** MSETNX key value [key value ...]: sets all pairs (1) only if none of the keys exists, else nothing (0). */
    public long msetnx(long now, byte[]... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) {
            throw Errors.wrongArity("msetnx");
        }
        keyspace.advanceClock(now);
        // hash each key once: the same keys are looked up and then stored
        Key[] keys = new Key[pairs.length / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Key.of(pairs[2 * i]);
            if (keyspace.get(keys[i], now) != null) {
                return 0;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            keyspace.put(keys[i], StoredValue.persistent(pairs[2 * i + 1]));
        }
        return 1;
    }

    /** MGET: a key holding another type reads as nil, not as an error, as in Redis. */
    public List<byte[]> mget(long now, byte[]... keys) {
        List<byte[]> values = new ArrayList<>(keys.length);
        for (byte[] key : keys) {
            StoredValue value = keyspace.get(Key.of(key), now);
            values.add(value == null || !value.isString() ? null : value.bytes());
        }
        return values;
    }

    /** MSET key value [key value ...]: sets every pair, dropping any expiry. */
    public SimpleReply mset(long now, byte[]... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) {
            throw Errors.wrongArity("mset");
        }
        keyspace.advanceClock(now);
        for (int i = 0; i < pairs.length; i += 2) {
            keyspace.put(Key.of(pairs[i]), StoredValue.persistent(pairs[i + 1]));
        }
        return SimpleReply.OK;
    }

    public long incr(long now, byte[] key) {
        return incrementBy(now, key, 1);
    }

    public long decr(long now, byte[] key) {
        return incrementBy(now, key, -1);
    }

    public long incrby(long now, byte[] key, byte[] increment) {
        return incrementBy(now, key, Args.parseLong(increment));
    }

    public long decrby(long now, byte[] key, byte[] decrement) {
        long amount = Args.parseLong(decrement);
        if (amount == Long.MIN_VALUE) {
            throw new CommandError(Errors.DECREMENT_OVERFLOW);
        }
        return incrementBy(now, key, -amount);
    }

    /** Adds {@code delta} to the integer stored at {@code key} (0 if absent), keeping its expiry. */
    private long incrementBy(long now, byte[] key, long delta) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        StoredValue old = keyspace.getString(k, now);
        long current = old == null ? 0 : Args.parseLong(old.bytes());
        long result;
        try {
            result = Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new CommandError(Errors.OVERFLOW);
        }
        byte[] bytes = Args.ascii(result);
        keyspace.put(k, old == null ? StoredValue.persistent(bytes) : old.withBytes(bytes));
        return result;
    }

    /** APPEND: the new length; the expiry (if any) is kept. */
    public long append(long now, byte[] key, byte[] suffix) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        StoredValue old = keyspace.getString(k, now);
        if (old == null) {
            keyspace.put(k, StoredValue.persistent(suffix));
            return suffix.length;
        }
        byte[] prefix = old.bytes();
        if ((long) prefix.length + suffix.length > MAX_STRING_LENGTH) {
            throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] joined = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, joined, 0, prefix.length);
        System.arraycopy(suffix, 0, joined, prefix.length, suffix.length);
        keyspace.put(k, old.withBytes(joined));
        return joined.length;
    }

    public long strlen(long now, byte[] key) {
        StoredValue value = keyspace.getString(Key.of(key), now);
        return value == null ? 0 : value.bytes().length;
    }
}
