package io.raftboot.sample.keyspace;

import java.util.List;

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX|XX|GT|LT), TTL, PTTL, PERSIST, and the internal
 * EXPIRED write by which the leader deletes expired keys through the log.
 */
public final class ExpiryCommands {

    private enum Condition { ALWAYS, NX, XX, GT, LT, XX_LT }

    private final Keyspace keyspace;

    public ExpiryCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    public long expire(long now, byte[] key, byte[] seconds, byte[]... options) {
        return expireGeneric("expire", now, key, seconds, true, now, options);
    }

    public long pexpire(long now, byte[] key, byte[] millis, byte[]... options) {
        return expireGeneric("pexpire", now, key, millis, false, now, options);
    }

    public long expireat(long now, byte[] key, byte[] unixSeconds, byte[]... options) {
        return expireGeneric("expireat", now, key, unixSeconds, true, 0, options);
    }

    public long pexpireat(long now, byte[] key, byte[] unixMillis, byte[]... options) {
        return expireGeneric("pexpireat", now, key, unixMillis, false, 0, options);
    }

    /** Redis' expireGenericCommand: 1 if the expiry was set (or the key deleted for a past time), else 0. */
    private long expireGeneric(String command, long now, byte[] key, byte[] amount, boolean seconds,
                               long base, byte[]... options) {
        keyspace.advanceClock(now);
        Condition condition = parseCondition(options);
        long when = Args.parseLong(amount);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw Errors.invalidExpireTime(command);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw Errors.invalidExpireTime(command);
        }
        when += base;
        Key k = Key.of(key);
        StoredValue old = keyspace.get(k, now);
        if (old == null || !conditionHolds(condition, old, when)) {
            return 0;
        }
        if (when <= now) {
            keyspace.remove(k, now);
        } else {
            keyspace.put(k, old.withExpireAt(when));
        }
        return 1;
    }

    private static boolean conditionHolds(Condition condition, StoredValue old, long when) {
        return switch (condition) {
            case ALWAYS -> true;
            case NX -> !old.hasExpiry();
            case XX -> old.hasExpiry();
            // No expiry counts as an infinite TTL: GT can never beat it, LT always does.
            case GT -> old.hasExpiry() && when > old.expireAt();
            case LT -> !old.hasExpiry() || when < old.expireAt();
            case XX_LT -> old.hasExpiry() && when < old.expireAt();
        };
    }

    private static Condition parseCondition(byte[]... options) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (byte[] opt : options) {
            if (Args.is(opt, "NX")) {
                nx = true;
            } else if (Args.is(opt, "XX")) {
                xx = true;
            } else if (Args.is(opt, "GT")) {
                gt = true;
            } else if (Args.is(opt, "LT")) {
                lt = true;
            } else {
                throw Errors.unsupportedOption(Args.text(opt));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandError(Errors.EXPIRE_NX_CONFLICT);
        }
        if (gt && lt) {
            throw new CommandError(Errors.EXPIRE_GT_LT_CONFLICT);
        }
        // XX combines with GT or LT: the key must have an expiry, and then GT/LT decides.
        if (xx && gt) {
            return Condition.GT;
        }
        if (xx && lt) {
            return Condition.XX_LT;
        }
        return nx ? Condition.NX : xx ? Condition.XX : gt ? Condition.GT : lt ? Condition.LT : Condition.ALWAYS;
    }

    public long ttl(long now, byte[] key) {
        long millis = pttl(now, key);
        return millis < 0 ? millis : (millis + 500) / 1000;
    }

    /** -2 when the key does not exist, -1 when it has no expiry, else the milliseconds left. */
    public long pttl(long now, byte[] key) {
        StoredValue value = keyspace.get(Key.of(key), now);
        if (value == null) {
            return -2;
        }
        if (!value.hasExpiry()) {
            return -1;
        }
        return Math.max(0, value.expireAt() - now);
    }

    public long persist(long now, byte[] key) {
        keyspace.advanceClock(now);
        Key k = Key.of(key);
        StoredValue value = keyspace.get(k, now);
        if (value == null || !value.hasExpiry()) {
            return 0;
        }
        keyspace.put(k, value.withExpireAt(StoredValue.NO_EXPIRY));
        return 1;
    }

    /**
     * EXPIRED key [key ...]: deletes those of the keys that are expired at this entry's time and
     * leaves any other alone (a key may have been rewritten since the leader chose it). Returns how
     * many were deleted.
     */
    public long expired(long now, byte[]... keys) {
        keyspace.advanceClock(now);
        long deleted = 0;
        for (byte[] key : keys) {
            Key k = Key.of(key);
            StoredValue value = keyspace.stored(k);
            if (value != null && value.isExpiredAt(now)) {
                keyspace.remove(k, now);
                deleted++;
            }
        }
        return deleted;
    }

    /** Keys the leader should propose to delete with EXPIRED, judged at {@code now}. */
    public List<byte[]> expiredCandidates(long now, int limit) {
        return keyspace.expiredKeys(now, limit).stream().map(Key::bytes).toList();
    }
}
