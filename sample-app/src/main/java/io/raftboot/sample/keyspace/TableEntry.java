package io.raftboot.sample.keyspace;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One link of a {@link KeyTable} bucket's chain. Immutable: a write copies the links in front of
 * the one it changes and shares the rest, so a chain that a snapshot captured never changes under
 * it. Chains are short (the table splits a segment before its buckets average one key), so the
 * copying costs about one allocation per write, the same as a mutable node would on insert.
 *
 * <p>The key is stored flat, without a {@link Key} object: its position, its length and its first 24
 * bytes live in the link itself, so a lookup of a key of up to 24 bytes (and the rejection of any
 * other key) reads this one object and not the key's byte array. On the apply thread, the first touch
 * of a stored key was the costliest load of a write: every indirection was another cache miss.
 */
final class TableEntry<V> implements Map.Entry<Key, V> {

    /** Keys up to this long are compared on the link's own fields alone. */
    static final int INLINE_BYTES = 24;

    final long position;
    private final long word0;
    private final long word1;
    private final long word2;
    private final int length;
    /** The key's bytes; shared, never modified. Only read for keys longer than {@link #INLINE_BYTES}. */
    final byte[] key;
    final V value;
    final TableEntry<V> next;

    TableEntry(KeyProbe key, V value, TableEntry<V> next) {
        this(key.position, key.word0, key.word1, key.word2, key.bytes, value, next);
    }

    private TableEntry(long position, long word0, long word1, long word2, byte[] key, V value, TableEntry<V> next) {
        this.position = position;
        this.word0 = word0;
        this.word1 = word1;
        this.word2 = word2;
        this.length = key.length;
        this.key = key;
        this.value = value;
        this.next = next;
    }

    /** This link with another successor. */
    TableEntry<V> withNext(TableEntry<V> newNext) {
        return new TableEntry<>(position, word0, word1, word2, key, value, newNext);
    }

    /** Copies the first {@code count} links of {@code chain} in front of {@code tail}. */
    static <V> TableEntry<V> copyPrefix(TableEntry<V> chain, int count, TableEntry<V> tail) {
        return count == 0 ? tail : chain.withNext(copyPrefix(chain.next, count - 1, tail));
    }

    static int length(TableEntry<?> chain) {
        int n = 0;
        for (TableEntry<?> e = chain; e != null; e = e.next) {
            n++;
        }
        return n;
    }

    /** {@link Key#compareTo} of this link's key with the probed one: position first, then the bytes. */
    int compareTo(KeyProbe probe) {
        if (position != probe.position) {
            return position < probe.position ? -1 : 1;
        }
        return holds(probe) ? 0 : Arrays.compareUnsigned(key, probe.bytes);
    }

    /** Whether this link's key is the probed one; reads the stored bytes only beyond the first 24. */
    boolean holds(KeyProbe probe) {
        return position == probe.position && word0 == probe.word0 && word1 == probe.word1 && word2 == probe.word2
                && length == probe.bytes.length
                && (length <= INLINE_BYTES
                        || Arrays.equals(key, INLINE_BYTES, length, probe.bytes, INLINE_BYTES, length));
    }

    /** A new {@link Key} for the stored bytes (iteration only: the table itself never needs one). */
    @Override
    public Key getKey() {
        return Key.withPosition(key, position);
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public V setValue(V newValue) {
        throw new UnsupportedOperationException("table entries are immutable");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map.Entry<?, ?> other && getKey().equals(other.getKey())
                && Objects.equals(value, other.getValue());
    }

    @Override
    public int hashCode() {
        return getKey().hashCode() ^ Objects.hashCode(value);
    }
}
