package io.raftboot.consensus;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. The payload array is never modified after construction; callers that hand one in
 * give up ownership of it.
 */
public record Entry(long index, long term, EntryType type, byte[] data) {

    /** Bytes an entry is counted as beyond its payload, for flow control and size limits. */
    public static final int OVERHEAD = 32;

    private static final byte[] EMPTY = new byte[0];

    public Entry {
        Objects.requireNonNull(type, "type");
        data = data == null ? EMPTY : data;
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("entry index and term start at 1: " + index + "/" + term);
        }
    }

    public static Entry noop(long index, long term) {
        return new Entry(index, term, EntryType.NOOP, EMPTY);
    }

    /** Size used for byte budgets: payload plus a fixed per-entry overhead. */
    public long sizeInBytes() {
        return (long) data.length + OVERHEAD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && index == e.index && term == e.term && type == e.type
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Entry[" + index + "@" + term + " " + type + " " + data.length + "B]";
    }
}
