package io.raftboot.sample.keyspace;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Redis hash. Fields are {@link Key}s, so they are kept in the order of their fixed 63-bit hash: the
 * order HGETALL, HKEYS and HSCAN report depends only on the contents, never on the history that built
 * them, and is the same on every member and after a restore. It also makes an HSCAN cursor a position,
 * stable across writes, exactly like SCAN's.
 */
public final class HashValue extends CollectionValue {

    private final TreeMap<Key, byte[]> fields;

    public HashValue() {
        this(new TreeMap<>());
    }

    private HashValue(TreeMap<Key, byte[]> fields) {
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
        return new HashValue(new TreeMap<>(fields));
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

    /** Fields and values in hash order; read-only. */
    public NavigableMap<Key, byte[]> entries() {
        return Collections.unmodifiableNavigableMap(fields);
    }

    /** Used by the restorer, which must reject a field stored twice. */
    boolean putIfAbsent(byte[] field, byte[] value) {
        return fields.putIfAbsent(Key.of(field), value) == null;
    }
}
