package io.raftboot.sample.keyspace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HSET, HSETNX, HGET, HMGET, HDEL, HEXISTS, HLEN, HGETALL, HKEYS, HVALS, HINCRBY, HINCRBYFLOAT, HSCAN.
 * Fields are reported in the hash's fixed order (see {@link HashValue}). Writes take the entry's leader
 * time {@code now}; reads take the keyspace's read time.
 */
public final class HashCommands {

    /** Beyond the x87 long double Redis computes in, a result is "Infinity" there. */
    private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");
    /** Redis prints HINCRBYFLOAT results with "%.17Lf" and trims the zeros. */
    private static final int FLOAT_DIGITS = 17;

    private final Keyspace keyspace;

    public HashCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    private HashValue read(long now, byte[] key) {
        return keyspace.read(Key.of(key), now, HashValue.class);
    }

    /** HSET key field value [field value ...]: how many fields were new. */
    public long hset(long now, byte[] key, byte[]... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) {
            throw Errors.wrongArity("hset");
        }
        keyspace.advanceClock(now);
        HashValue hash = keyspace.writableOrCreate(Key.of(key), now, HashValue.class, HashValue::new);
        long added = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (hash.put(pairs[i], pairs[i + 1]) == null) {
                added++;
            }
        }
        return added;
    }

    public long hsetnx(long now, byte[] key, byte[] field, byte[] value) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        HashValue existing = keyspace.read(k, now, HashValue.class);
        if (existing != null && existing.get(field) != null) {
            return 0;
        }
        keyspace.writableOrCreate(k, now, HashValue.class, HashValue::new).put(field, value);
        return 1;
    }

    public byte[] hget(long now, byte[] key, byte[] field) {
        HashValue hash = read(now, key);
        return hash == null ? null : hash.get(field);
    }

    public List<byte[]> hmget(long now, byte[] key, byte[]... fields) {
        HashValue hash = read(now, key);
        List<byte[]> values = new ArrayList<>(fields.length);
        for (byte[] field : fields) {
            values.add(hash == null ? null : hash.get(field));
        }
        return values;
    }

    /** HDEL: how many fields were removed; the key goes with the last one. */
    public long hdel(long now, byte[] key, byte[]... fields) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        // look first: deleting nothing must not copy a captured hash
        if (keyspace.read(k, now, HashValue.class) == null) {
            return 0;
        }
        HashValue hash = keyspace.writable(k, now, HashValue.class);
        long removed = 0;
        for (byte[] field : fields) {
            if (hash.remove(field)) {
                removed++;
            }
        }
        keyspace.removeIfEmpty(k, hash, now);
        return removed;
    }

    public long hexists(long now, byte[] key, byte[] field) {
        return hget(now, key, field) == null ? 0 : 1;
    }

    public long hlen(long now, byte[] key) {
        HashValue hash = read(now, key);
        return hash == null ? 0 : hash.size();
    }

    /** HGETALL: field, value, field, value ... */
    public List<byte[]> hgetall(long now, byte[] key) {
        HashValue hash = read(now, key);
        List<byte[]> reply = new ArrayList<>();
        if (hash != null) {
            hash.fields().forEachRemaining(e -> {
                reply.add(e.key);
                reply.add(e.value);
            });
        }
        return reply;
    }

    public List<byte[]> hkeys(long now, byte[] key) {
        List<byte[]> fields = new ArrayList<>();
        HashValue hash = read(now, key);
        if (hash != null) {
            hash.fields().forEachRemaining(e -> fields.add(e.key));
        }
        return fields;
    }

    public List<byte[]> hvals(long now, byte[] key) {
        List<byte[]> values = new ArrayList<>();
        HashValue hash = read(now, key);
        if (hash != null) {
            hash.fields().forEachRemaining(e -> values.add(e.value));
        }
        return values;
    }

    /** HINCRBY: the new value; the field starts at 0. */
    public long hincrby(long now, byte[] key, byte[] field, byte[] increment) {
        long delta = Args.parseLong(increment);
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        HashValue existing = keyspace.read(k, now, HashValue.class);
        byte[] old = existing == null ? null : existing.get(field);
        long current = 0;
        if (old != null) {
            current = Args.tryParseLong(old);
            if (current == Long.MIN_VALUE && !Args.isMinLong(old)) {
                throw new CommandError("ERR hash value is not an integer");
            }
        }
        long result;
        try {
            result = Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new CommandError(Errors.OVERFLOW);
        }
        keyspace.writableOrCreate(k, now, HashValue.class, HashValue::new).put(field, Args.ascii(result));
        return result;
    }

    /**
     * HINCRBYFLOAT: the new value as Redis prints it. Redis adds in an x87 long double; this adds exact
     * decimals and rounds to the 17 fractional digits Redis prints, which gives Redis' text for every
     * value a long double holds exactly to that precision (e.g. 0.1 + 0.2 is "0.3" in both), and the same
     * text on every member whatever the hardware.
     */
    public byte[] hincrbyfloat(long now, byte[] key, byte[] field, byte[] increment) {
        BigDecimal delta = parseFloat(increment, Errors.NOT_A_FLOAT);
        if (delta == null) {
            throw new CommandError("ERR value is NaN or Infinity");
        }
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        HashValue existing = keyspace.read(k, now, HashValue.class);
        byte[] old = existing == null ? null : existing.get(field);
        BigDecimal current = BigDecimal.ZERO;
        if (old != null) {
            current = parseFloat(old, "ERR hash value is not a float");
        }
        BigDecimal result = current == null ? null : current.add(delta);
        if (result == null || result.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = format(result);
        keyspace.writableOrCreate(k, now, HashValue.class, HashValue::new).put(field, text);
        return text;
    }

    /** A Redis float argument; null for an infinity; {@code error} for anything else that is not a number. */
    private static BigDecimal parseFloat(byte[] arg, String error) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return null;
        }
        if (s.isEmpty() || s.length() > 5 * 1024 || Character.isWhitespace(s.charAt(0))) {
            throw new CommandError(error);
        }
        try {
            BigDecimal value = new BigDecimal(s);
            if (value.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
                return null;
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandError(error);
        }
    }

    private static byte[] format(BigDecimal value) {
        BigDecimal rounded = value.setScale(FLOAT_DIGITS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return new byte[] {'0'};
        }
        return rounded.toPlainString().getBytes(StandardCharsets.US_ASCII);
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: {@code [cursor, [field, value, ...]]}. */
    public List<Object> hscan(long now, byte[] key, byte[] cursor, byte[]... options) {
        long position = Args.parseCursor(cursor);
        HashValue hash = read(now, key);
        if (hash == null) {
            return ElementScan.empty();
        }
        return ElementScan.parse(options).scan(position, hash::fields, (field, reply) -> {
            reply.add(field.key);
            reply.add(field.value);
        });
    }
}
