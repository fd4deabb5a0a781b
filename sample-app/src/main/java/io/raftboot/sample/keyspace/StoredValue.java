package io.raftboot.sample.keyspace;

/**
 * A value and its absolute expiry time in epoch milliseconds ({@link #NO_EXPIRY} for none). The data
 * is either a string ({@code byte[]}, immutable by convention: commands build new arrays instead of
 * changing one) or a {@link CollectionValue} (changed in place, but only by a write of the generation
 * that owns it, see {@link Keyspace#writable}). Either way a snapshot may capture references without
 * copying values.
 */
public record StoredValue(Object data, long expireAt) {

    public static final long NO_EXPIRY = 0;

    public StoredValue {
        if (!(data instanceof byte[]) && !(data instanceof CollectionValue)) {
            throw new IllegalArgumentException("value must be a byte[] or a collection: " + data);
        }
        if (expireAt < 0) {
            throw new IllegalArgumentException("expiry time must not be negative: " + expireAt);
        }
    }

    public StoredValue(byte[] bytes, long expireAt) {
        this((Object) bytes, expireAt);
    }

    public static StoredValue persistent(byte[] bytes) {
        return new StoredValue(bytes, NO_EXPIRY);
    }

    public static StoredValue persistent(CollectionValue collection) {
        return new StoredValue(collection, NO_EXPIRY);
    }

    public boolean isString() {
        return data instanceof byte[];
    }

    /** The string's bytes. Callers check the type first ({@link Keyspace#getString}); a collection is a bug here. */
    public byte[] bytes() {
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("not a string: " + type().text());
    }

    /** The collection, or null for a string. */
    public CollectionValue collection() {
        return data instanceof CollectionValue c ? c : null;
    }

    /** What TYPE answers. */
    public SimpleReply type() {
        return data instanceof CollectionValue c ? c.type() : SimpleReply.STRING;
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

    public StoredValue withData(Object newData) {
        return new StoredValue(newData, expireAt);
    }

    public StoredValue withExpireAt(long newExpireAt) {
        return new StoredValue(data, newExpireAt);
    }
}
