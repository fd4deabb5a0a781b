package io.raftboot.sample.keyspace;

/**
 * A string value and its absolute expiry time in epoch milliseconds ({@link #NO_EXPIRY} for none).
 * The byte array is immutable by convention: commands build new arrays instead of changing one,
 * which is what lets a snapshot capture references without copying values.
 */
public record StoredValue(byte[] bytes, long expireAt) {

    public static final long NO_EXPIRY = 0;

    public StoredValue {
        if (bytes == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        if (expireAt < 0) {
            throw new IllegalArgumentException("expiry time must not be negative: " + expireAt);
        }
    }

    public static StoredValue persistent(byte[] bytes) {
        return new StoredValue(bytes, NO_EXPIRY);
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
    }

    /** Redis' rule: a key is expired once the clock has passed its expiry time. */
    public boolean isExpiredAt(long now) {
        return hasExpiry() && now > expireAt;
    }

    public StoredValue withBytes(byte[] newBytes) {
        return new StoredValue(newBytes, expireAt);
    }

    public StoredValue withExpireAt(long newExpireAt) {
        return new StoredValue(bytes, newExpireAt);
    }
}
