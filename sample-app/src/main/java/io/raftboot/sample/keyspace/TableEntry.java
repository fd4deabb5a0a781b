package io.raftboot.sample.keyspace;

import java.util.Map;
import java.util.Objects;

/**
 * One link of a {@link KeyTable} bucket's chain. Immutable: a write copies the links in front of
 * the one it changes and shares the rest, so a chain that a snapshot captured never changes under
 * it. Chains are short (the table splits a segment before its buckets average one key), so the
 * copying costs about one allocation per write, the same as a mutable node would on insert.
 */
final class TableEntry implements Map.Entry<Key, StoredValue> {

    final Key key;
    final StoredValue value;
    final TableEntry next;

    TableEntry(Key key, StoredValue value, TableEntry next) {
        this.key = key;
        this.value = value;
        this.next = next;
    }

    /** Copies the first {@code count} links of {@code chain} in front of {@code tail}. */
    static TableEntry copyPrefix(TableEntry chain, int count, TableEntry tail) {
        return count == 0 ? tail : new TableEntry(chain.key, chain.value, copyPrefix(chain.next, count - 1, tail));
    }

    static int length(TableEntry chain) {
        int n = 0;
        for (TableEntry e = chain; e != null; e = e.next) {
            n++;
        }
        return n;
    }

    @Override
    public Key getKey() {
        return key;
    }

    @Override
    public StoredValue getValue() {
        return value;
    }

    @Override
    public StoredValue setValue(StoredValue newValue) {
        throw new UnsupportedOperationException("table entries are immutable");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map.Entry<?, ?> other && key.equals(other.getKey()) && value.equals(other.getValue());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) ^ Objects.hashCode(value);
    }
}
