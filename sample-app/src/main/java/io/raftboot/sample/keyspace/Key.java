package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A binary-safe key. Keys are ordered by a fixed 63-bit hash position first, so that a SCAN
 * cursor (a position) stays valid while unrelated keys are added or removed: inserting or
 * deleting other keys never moves a key to another position. {@link KeyTable} picks a key's bucket
 * from the top bits of its position, so its buckets hold keys in this same order.
 */
public final class Key implements Comparable<Key> {

    private final byte[] bytes;
    private final long position;
    private final int hash;

    private Key(byte[] bytes) {
        this(bytes, positionOf(bytes));
    }

    private Key(byte[] bytes, long position) {
        this.bytes = bytes;
        this.position = position;
        this.hash = (int) (position ^ (position >>> 32));
    }

    /** A search key that sorts before (or equal to) every key at {@code position}. */
    static Key lowestAt(long position) {
        return new Key(new byte[0], position);
    }

    /**
     * A key at a known position: a stored key rebuilt from a table link (no rehash), or, in tests, a key
     * at a chosen position, for colliding hashes (real ones are too rare to find).
     */
    static Key withPosition(byte[] bytes, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("positions are 63-bit: " + position);
        }
        return new Key(bytes, position);
    }

    /** Wraps the given bytes without copying; callers must not modify them afterwards. */
    public static Key of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        return new Key(bytes);
    }

    public static Key of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The key's bytes; shared, never to be modified. */
    public byte[] bytes() {
        return bytes;
    }

    /** The key's place in scan order, in [0, 2^63). Deterministic across processes and JVMs. */
    public long position() {
        return position;
    }

    /** FNV-1a over the bytes followed by a 64-bit finaliser, so that similar keys spread out. */
    static long positionOf(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h >>> 1;
    }

    @Override
    public int compareTo(Key other) {
        int byPosition = Long.compare(position, other.position);
        return byPosition != 0 ? byPosition : Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key other && position == other.position && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
