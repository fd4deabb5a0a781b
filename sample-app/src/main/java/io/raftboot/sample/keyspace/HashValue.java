package io.raftboot.sample.keyspace;

import java.util.Iterator;

/**
 * A Redis hash. Fields are {@link Key}s, so they are kept in the order of their fixed 63-bit hash: the
 * order HGETALL, HKEYS and HSCAN report depends only on the contents, never on the history that built
 * them, and is the same on every member and after a restore. It also makes an HSCAN cursor a position,
 * stable across writes, exactly like SCAN's.
 *
 * <p>The fields live in a {@link KeyTable}, the keyspace's own table: a field costs a few cache misses
 * whatever the hash's size (a tree of 100,000 fields cost seventeen levels of them), and the copy a
 * write makes while a capture may still be reading the hash is a fork of the table, which copies its
 * directory now and each segment when first changed, instead of every field at once.
 */
public final class HashValue extends CollectionValue {

    /** 16 buckets a segment: an empty hash stays small, and a large one grows in small steps. */
    private static final int BUCKET_BITS = 4;

    private final KeyTable<byte[]> fields;

    public HashValue() {
        this(new KeyTable<>(BUCKET_BITS));
    }

    private HashValue(KeyTable<byte[]> fields) {
        this.fields = fields;
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public SimpleReply type() {
        return SimpleReply.HASH;
    }

    @Override
    HashValue copy() {
        return new HashValue(fields.fork());
    }

    public byte[] get(byte[] field) {
        return fields.get(Key.of(field));
    }

    /** Returns the value replaced, or null if the field is new. */
    public byte[] put(byte[] field, byte[] value) {
        return fields.put(Key.of(field), value);
    }

    public boolean remove(byte[] field) {
        return fields.remove(Key.of(field)) != null;
    }

    /** Fields and values in hash order, from the first field at or after {@code position}. */
    Iterator<TableEntry<byte[]>> fields(long position) {
        return fields.from(position);
    }

    /** Every field and value in hash order. */
    Iterator<TableEntry<byte[]>> fields() {
        return fields(0);
    }

    /** Used by the restorer, which must reject a field stored twice. */
    boolean putIfAbsent(byte[] field, byte[] value) {
        Key key = Key.of(field);
        if (fields.get(key) != null) {
            return false;
        }
        fields.put(key, value);
        return true;
    }
}
